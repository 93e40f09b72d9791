using Microsoft.Extensions.Configuration;

namespace Ecommerce.Platform.Messaging;

public enum MessagingTransport
{
    /// <summary>Relays produce to Kafka; each module consumes its topics in its own consumer group.</summary>
    Kafka,

    /// <summary>Relays publish to MassTransit's in-memory bus (integration tests): same outbox, same consumers.</summary>
    InMemory,
}

public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    public MessagingTransport Transport { get; set; } = MessagingTransport.Kafka;

    /// <summary>The configured transport, read before the container is built (it decides what is registered).</summary>
    public static MessagingTransport TransportIn(IConfiguration configuration) =>
        configuration.GetValue(SectionName + ":" + nameof(Transport), MessagingTransport.Kafka);
}
