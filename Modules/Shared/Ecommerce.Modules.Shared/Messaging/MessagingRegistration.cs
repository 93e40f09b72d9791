using Ecommerce.Modules.Shared.Messaging.InMemory;
using Ecommerce.Modules.Shared.Messaging.Kafka;
using Ecommerce.Modules.Shared.Messaging.Outbox;
using MassTransit;
using Ecommerce.Modules.Shared.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
        where TContext : ModuleDbContext
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
            .Validate(o => o.RetryDelay > TimeSpan.Zero, "Outbox:RetryDelay must be positive.")
            .Validate(o => o.MaxRetryDelay >= o.RetryDelay, "Outbox:MaxRetryDelay must be at least Outbox:RetryDelay.")
            .Validate(o => o.DispatchedRetention >= TimeSpan.Zero, "Outbox:DispatchedRetention must not be negative.")
            .Validate(o => o.CleanupInterval > TimeSpan.Zero, "Outbox:CleanupInterval must be positive.")
            .Validate(o => o.UnhealthyAfter >= o.DegradedAfter, "Outbox:UnhealthyAfter must be at least Outbox:DegradedAfter.")
            .ValidateOnStart();
        services.AddSingleton(new EventTypes(modules));
        services.AddMetrics();
        services.AddSingleton<OutboxMonitor>();
        services.AddSingleton<MessagingMetrics>();
        var health = services.AddHealthChecks();
        foreach (var module in modules)
        {
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<OutboxRelay>(provider, module));
            health.Add(new HealthCheckRegistration($"outbox:{module.Module.ToLowerInvariant()}",
                provider => ActivatorUtilities.CreateInstance<OutboxHealthCheck>(provider, module), failureStatus: null, tags: [HealthTags.Ready]));
        }

        var transport = configuration.GetValue(MessagingOptions.SectionName + ":" + nameof(MessagingOptions.Transport), MessagingTransport.Kafka);
        if (transport == MessagingTransport.InMemory)
        {
            services.AddMassTransit(bus =>
            {
                bus.AddConsumers(consumerTypes);
                // Per endpoint, so MassTransit's test harness, which replaces the bus, keeps it.
                bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
                {
                    endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)));
                    // One scope per message, created before the filter, so the filter saves the very DbContext the consumer changed.
                    endpoint.UseMessageScope(context);
                    endpoint.UseConsumeFilter(typeof(SaveConsumerChangesFilter<>), context);
                });
                bus.UsingInMemory((context, inMemory) => inMemory.ConfigureEndpoints(context));
            });
            services.AddSingleton<IOutboxTransport, InMemoryOutboxTransport>();
            return services;
        }

        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName)
            .Validate<IHostEnvironment>(
                (o, environment) => !string.IsNullOrWhiteSpace(o.BootstrapServers) || !environment.IsProduction(),
                "Kafka:BootstrapServers is required in Production: the embedded broker is for development only.")
            .Validate(o => o.EmbeddedBrokerPartitions > 0, "Kafka:EmbeddedBrokerPartitions must be positive.")
            .Validate(o => o.Producer.LingerMs >= 0, "Kafka:Producer:LingerMs must not be negative.")
            .Validate(o => o.Producer.MessageTimeoutMs > 0, "Kafka:Producer:MessageTimeoutMs must be positive.")
            .Validate(o => o.Consumer.FetchWaitMaxMs is null or >= 0, "Kafka:Consumer:FetchWaitMaxMs must not be negative.")
            .Validate(o => o.Consumer.MaxBatchSize > 0, "Kafka:Consumer:MaxBatchSize must be positive.")
            .Validate(o => o.Consumer.MaxRecordBytes > 0, "Kafka:Consumer:MaxRecordBytes must be positive.")
            .Validate(o => o.Consumer.MaxAttempts > 0, "Kafka:Consumer:MaxAttempts must be positive.")
            .Validate(o => o.Consumer.RetryDelay > TimeSpan.Zero, "Kafka:Consumer:RetryDelay must be positive.")
            .Validate(o => o.Consumer.SessionTimeoutMs > 0, "Kafka:Consumer:SessionTimeoutMs must be positive.")
            .ValidateOnStart();
        services.AddMediator(mediator => mediator.AddConsumers(consumerTypes));
        services.AddSingleton<KafkaConnection>();
        services.AddSingleton<KafkaProducer>();
        services.AddSingleton<IOutboxTransport, KafkaOutboxTransport>();
        health.AddCheck<KafkaHealthCheck>("kafka", tags: [HealthTags.Ready]);
        foreach (var module in modules.Where(m => m.Consumers.Count > 0))
        {
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<KafkaConsumerWorker>(provider, module));
        }

        return services;
    }
}
