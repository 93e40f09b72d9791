using Ecommerce.Platform.Messaging.Consuming;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// Wires the event pipeline of every module added before this call, from its manifest: an outbox
    /// relay, an outbox cleanup and an inbox cleanup per module, their readiness checks and the
    /// pipeline's metrics. The
    /// transport comes next: <c>AddKafkaTransport</c> (Ecommerce.Platform.Kafka) or <see cref="InMemory.InMemoryTransport.AddInMemoryTransport"/>.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        var modules = services.ModuleManifests();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName);
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName)
            .Validate(o => o.BatchSize > 0, "Outbox:BatchSize must be positive.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Outbox:PollInterval must be positive.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero, "Outbox:RetryDelay must be positive.")
            .Validate(o => o.MaxRetryDelay >= o.RetryDelay, "Outbox:MaxRetryDelay must be at least Outbox:RetryDelay.")
            .Validate(o => o.DispatchedRetention >= TimeSpan.Zero, "Outbox:DispatchedRetention must not be negative.")
            .Validate(o => o.CleanupInterval > TimeSpan.Zero, "Outbox:CleanupInterval must be positive.")
            .Validate(o => o.UnhealthyAfter >= o.DegradedAfter, "Outbox:UnhealthyAfter must be at least Outbox:DegradedAfter.")
            .Validate(o => o.MaxAttempts > 0, "Outbox:MaxAttempts must be positive.")
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(1), "Outbox:LeaseDuration must be at least one second.")
            .ValidateOnStart();
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.SectionName)
            .Validate(o => o.Retention > TimeSpan.Zero, "Inbox:Retention must be positive.")
            .Validate(o => o.CleanupInterval > TimeSpan.Zero, "Inbox:CleanupInterval must be positive.")
            .ValidateOnStart();
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.SectionName)
            .Validate(o => o.SchemaBaseUri is { IsAbsoluteUri: true, Scheme: "http" or "https" } && o.SchemaBaseUri.AbsoluteUri.EndsWith('/'),
                "Events:SchemaBaseUri must be an absolute http(s) URI ending with '/', e.g. https://shop.example/events/schemas/.")
            .ValidateOnStart();
        services.AddSingleton(provider => new EventCatalog(
            provider.GetServices<ModuleManifest>(), provider.GetRequiredService<IOptions<EventsOptions>>(), provider.GetRequiredService<IConfiguration>()));
        // Built before the host takes requests: a bad Events:Emit stops it at once, not at the first write.
        services.AddSingleton<IModuleInitializer, EventCatalogCheck>();
        services.AddMetrics();
        services.AddSingleton<OutboxMonitor>();
        services.AddSingleton<MessagingMetrics>();
        services.AddScoped<InboxBatch>();
        var health = services.AddHealthChecks();
        foreach (var module in modules)
        {
            services.AddKeyedSingleton(module.Name, (provider, _) => ActivatorUtilities.CreateInstance<OutboxWakeUps>(provider, module));
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<OutboxWakeUps>(module.Name));
            services.AddSingleton<IHostedService>(provider =>
                ActivatorUtilities.CreateInstance<OutboxRelay>(provider, module, provider.GetRequiredKeyedService<OutboxWakeUps>(module.Name)));
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<OutboxCleanup>(provider, module));
            if (module.Consumers.Count > 0)
            {
                services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<InboxCleanup>(provider, module));
            }

            health.Add(new HealthCheckRegistration($"outbox:{module.Name.ToLowerInvariant()}",
                provider => ActivatorUtilities.CreateInstance<OutboxHealthCheck>(provider, module), failureStatus: null, tags: [HealthTags.Ready]));
        }

        return services;
    }

    /// <summary>
    /// For a transport that receives events itself (Kafka): module consumers run through
    /// <see cref="Consuming.EventDispatcher"/>, each resolved from the batch's scope, so it shares the
    /// batch's DbContext and transaction.
    /// </summary>
    internal static IServiceCollection AddDispatchedConsumers(this IServiceCollection services)
    {
        foreach (var consumer in services.ModuleManifests().SelectMany(m => m.Consumers).Select(c => c.ConsumerType).Distinct())
        {
            services.TryAddScoped(consumer);
        }

        return services;
    }

    /// <summary>The manifests of the modules registered so far.</summary>
    internal static List<ModuleManifest> ModuleManifests(this IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(ModuleManifest)).Select(d => (ModuleManifest)d.ImplementationInstance!).ToList();

    private sealed class EventCatalogCheck(IServiceProvider services) : IModuleInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<EventCatalog>();
            return Task.CompletedTask;
        }
    }
}
