using System.Text.RegularExpressions;
using Ecommerce.Platform.Kafka.AsyncApi;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Kafka.Producing;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ecommerce.Platform.Kafka;

public static partial class KafkaRegistration
{
    /// <summary>
    /// Kafka as the transport of every module added before this call: relays produce each module's
    /// stream to its topic, and each module that consumes gets a consume loop in its own consumer group,
    /// which hands events to the module's consumers through MassTransit's mediator. The AsyncAPI document
    /// of those topics is registered here too: only this transport has topics to describe.
    /// </summary>
    public static IServiceCollection AddKafkaTransport(this IServiceCollection services)
    {
        var modules = services.ModuleManifests();
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName)
            .Validate<IHostEnvironment>(
                (o, environment) => !string.IsNullOrWhiteSpace(o.BootstrapServers) || environment.AllowsInMemoryInfrastructure(),
                "Kafka:BootstrapServers is required outside Development and Testing: the embedded broker keeps events in memory and loses them on restart.")
            // Never the values in these messages: one of them is a password.
            .Validate(o => Enum.IsDefined(o.SecurityProtocol), "Kafka:SecurityProtocol must be Plaintext, Ssl, SaslPlaintext or SaslSsl.")
            .Validate(o => Enum.IsDefined(o.Sasl.Mechanism), "Kafka:Sasl:Mechanism must be Plain, ScramSha256 or ScramSha512.")
            .Validate(o => !o.UsesSasl || (!string.IsNullOrWhiteSpace(o.Sasl.Username) && !string.IsNullOrEmpty(o.Sasl.Password)),
                "Kafka:Sasl:Username and Kafka:Sasl:Password are required with Kafka:SecurityProtocol=SaslPlaintext or SaslSsl (give the password in the environment: Kafka__Sasl__Password).")
            .Validate(o => o.UsesSasl || (string.IsNullOrEmpty(o.Sasl.Username) && string.IsNullOrEmpty(o.Sasl.Password)),
                "Kafka:Sasl:Username or Kafka:Sasl:Password is set, but Kafka:SecurityProtocol does not use SASL, so they would be ignored: set it to SaslPlaintext or SaslSsl.")
            .Validate(o => o.UsesTls || (string.IsNullOrEmpty(o.Ssl.CaLocation) && string.IsNullOrEmpty(o.Ssl.CaPem)),
                "Kafka:Ssl:CaLocation or Kafka:Ssl:CaPem is set, but Kafka:SecurityProtocol does not use TLS, so it would be ignored: set it to Ssl or SaslSsl.")
            .Validate(o => string.IsNullOrEmpty(o.Ssl.CaLocation) || string.IsNullOrEmpty(o.Ssl.CaPem),
                "Kafka:Ssl:CaLocation and Kafka:Ssl:CaPem are both set: give the certificate authorities one way.")
            .Validate(o => string.IsNullOrEmpty(o.Ssl.CaLocation) || File.Exists(o.Ssl.CaLocation), "Kafka:Ssl:CaLocation must be the path of an existing PEM file.")
            .Validate(o => !string.IsNullOrEmpty(o.DeadLetterSuffix) && TopicName().IsMatch("x" + o.DeadLetterSuffix),
                "Kafka:DeadLetterSuffix must be a non-empty topic-name suffix (letters, digits, '.', '_', '-'): empty, a topic would be its own dead-letter topic.")
            .Validate(o => o.Topics.Values.All(t => TopicName().IsMatch(t) && t is not ("." or "..")), "Kafka:Topics values must be topic names (1 to 249 letters, digits, '.', '_', '-').")
            .Validate(o => o.ProbeInterval > TimeSpan.Zero, "Kafka:ProbeInterval must be positive.")
            .Validate(o => o.Provisioning.Partitions is > 0 or -1, "Kafka:Provisioning:Partitions must be positive (or -1 for the broker's default).")
            .Validate(o => o.Provisioning.ReplicationFactor is > 0 or -1, "Kafka:Provisioning:ReplicationFactor must be positive (or -1 for the broker's default).")
            .Validate(o => o.Consumer.UnhealthyAfter > TimeSpan.Zero, "Kafka:Consumer:UnhealthyAfter must be positive.")
            .Validate(o => o.Consumer.MaxRetryDelay >= o.Consumer.RetryDelay, "Kafka:Consumer:MaxRetryDelay must be at least Kafka:Consumer:RetryDelay.")
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
        services.AddDispatchedConsumers();
        services.AddSingleton<KafkaConnection>();
        services.AddSingleton<KafkaProducer>();
        services.AddSingleton<IOutboxTransport, KafkaOutboxTransport>();
        services.AddSingleton<DeadLetterRedrive>();
        services.AddSingleton<BrokerProbe>();
        services.AddSingleton<AsyncApiDocument>();
        services.AddHostedService(provider => provider.GetRequiredService<BrokerProbe>());
        var health = services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka", tags: [HealthTags.Ready]);
        foreach (var module in modules.Where(m => m.Consumers.Count > 0))
        {
            var status = new ConsumerStatus(module.Name);
            services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<KafkaConsumeLoop>(provider, module, status));
            health.Add(new HealthCheckRegistration($"consumer:{module.Name.ToLowerInvariant()}",
                provider => ActivatorUtilities.CreateInstance<ConsumerHealthCheck>(provider, status), failureStatus: null, tags: [HealthTags.Ready]));
        }

        return services;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,249}$")]
    private static partial Regex TopicName();
}
