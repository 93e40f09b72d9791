using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Kafka.Producing;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ecommerce.Platform.Kafka;

public static class KafkaRegistration
{
    /// <summary>
    /// Kafka as the transport of every module added before this call: relays produce each module's
    /// stream to its topic, and each module that consumes gets a consume loop in its own consumer group,
    /// which hands events to the module's consumers through MassTransit's mediator.
    /// </summary>
    public static IServiceCollection AddKafkaTransport(this IServiceCollection services)
    {
        var modules = services.ModuleManifests();
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
        services.AddMediatorConsumers();
        services.AddSingleton<KafkaConnection>();
        services.AddSingleton<KafkaProducer>();
        services.AddSingleton<IOutboxTransport, KafkaOutboxTransport>();
        services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka", tags: [HealthTags.Ready]);
        foreach (var module in modules.Where(m => m.Consumers.Count > 0))
        {
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<KafkaConsumeLoop>(provider, module));
        }

        return services;
    }
}
