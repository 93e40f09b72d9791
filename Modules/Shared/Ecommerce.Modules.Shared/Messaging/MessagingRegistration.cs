using Ecommerce.Modules.Shared.Messaging.InMemory;
using Ecommerce.Modules.Shared.Messaging.Kafka;
using Ecommerce.Modules.Shared.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ecommerce.Modules.Shared.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// Declares what a module publishes (on its <paramref name="stream"/>) and consumes, and hooks the
    /// module's DbContext so each commit wakes the module's outbox relay.
    /// </summary>
    public static IServiceCollection AddModuleMessaging<TContext>(
        this IServiceCollection services, string module, string stream, Action<ModuleMessaging> configure)
        where TContext : DbContext
    {
        var messaging = new ModuleMessaging(module, typeof(TContext), stream);
        configure(messaging);
        services.AddSingleton(messaging);
        services.ConfigureDbContext<TContext>(options => options.AddInterceptors(messaging.Signal));
        return services;
    }

    /// <summary>
    /// Wires the outbox relays and the configured transport for every module added before this call:
    /// Kafka (relays produce, each module consumes in its own group, consumers run through MassTransit's
    /// mediator) or MassTransit's in-memory bus (same relays, same consumer classes).
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var modules = services
            .Where(d => d.ServiceType == typeof(ModuleMessaging))
            .Select(d => (ModuleMessaging)d.ImplementationInstance!)
            .ToList();
        var consumerTypes = modules.SelectMany(m => m.Consumers.Select(c => c.ConsumerType)).Distinct().ToArray();

        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName);
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName)
            .Validate(o => o.BatchSize > 0, "Outbox:BatchSize must be positive.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Outbox:PollInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton(new EventTypes(modules));
        services.AddMetrics();
        services.AddSingleton<MessagingMetrics>();
        foreach (var module in modules)
        {
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<OutboxRelay>(provider, module));
        }

        var transport = configuration.GetValue(MessagingOptions.SectionName + ":" + nameof(MessagingOptions.Transport), MessagingTransport.Kafka);
        if (transport == MessagingTransport.InMemory)
        {
            services.AddMassTransit(bus =>
            {
                bus.AddConsumers(consumerTypes);
                bus.UsingInMemory((context, inMemory) =>
                {
                    inMemory.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)));
                    inMemory.ConfigureEndpoints(context);
                });
            });
            services.AddSingleton<IOutboxTransport, InMemoryOutboxTransport>();
            return services;
        }

        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName)
            .Validate(o => o.Consumer.MaxBatchSize > 0, "Kafka:Consumer:MaxBatchSize must be positive.")
            .Validate(o => o.Consumer.MaxAttempts > 0, "Kafka:Consumer:MaxAttempts must be positive.")
            .ValidateOnStart();
        services.AddMediator(mediator => mediator.AddConsumers(consumerTypes));
        services.AddSingleton<KafkaConnection>();
        services.AddSingleton<KafkaProducer>();
        services.AddSingleton<IOutboxTransport, KafkaOutboxTransport>();
        foreach (var module in modules.Where(m => m.Consumers.Count > 0))
        {
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<KafkaConsumerWorker>(provider, module));
        }

        return services;
    }
}
