using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Microsoft.AspNetCore.Hosting;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The host on the Kafka transport, against a broker the test owns (so it can take it down). Each host
/// gets its own topics and consumer groups, so hosts sharing a broker never see each other's events;
/// a host given another's <see cref="Name"/> and <see cref="TestHost.DataDirectory"/> is that host restarted.
/// </summary>
public sealed class KafkaTestHost : TestHost
{
    private readonly EmbeddedKafkaBroker _broker;

    /// <param name="createTopics">False: the host starts on a broker that has none of its topics yet.</param>
    public KafkaTestHost(EmbeddedKafkaBroker broker, string? name = null, bool createTopics = true)
    {
        _broker = broker;
        Name = name ?? $"test-{Guid.NewGuid():N}";
        if (createTopics)
        {
            CreateTopics();
        }
    }

    public IReadOnlyList<string> Topics => [UsersTopic, OrdersTopic, UsersDeadLetterTopic, OrdersDeadLetterTopic];

    public void CreateTopics()
    {
        foreach (var topic in Topics)
        {
            _broker.CreateTopic(topic, partitions: 4);
        }
    }

    public string Name { get; }

    public string UsersTopic => $"{Name}.users";

    public string OrdersTopic => $"{Name}.orders";

    public string UsersDeadLetterTopic => $"{UsersTopic}.dead-letter";

    public string OrdersDeadLetterTopic => $"{OrdersTopic}.dead-letter";

    public string BootstrapServers => _broker.BootstrapServers;

    protected override void ConfigureMessaging(IWebHostBuilder builder)
    {
        builder.UseSetting("Messaging:Transport", "Kafka");
        builder.UseSetting("Kafka:BootstrapServers", _broker.BootstrapServers);
        builder.UseSetting("Kafka:Topics:users", UsersTopic);
        builder.UseSetting("Kafka:Topics:orders", OrdersTopic);
        builder.UseSetting("Kafka:ConsumerGroupPrefix", $"{Name}-");
        // The test broker is the embedded one, which holds every fetch for the full wait.
        builder.UseSetting("Kafka:Consumer:FetchWaitMaxMs", "5");
        // It also waits a session timeout less a second to complete every rebalance (a real broker completes
        // one once every member has rejoined): a short session keeps instances joining and leaving in test time.
        builder.UseSetting("Kafka:Consumer:SessionTimeoutMs", "10000");
        builder.UseSetting("Kafka:Consumer:RetryDelay", "00:00:00.010");
        builder.UseSetting("Kafka:Consumer:MaxAttempts", "3");
        // Readiness answers from the broker probe's last look: look often, so tests see changes quickly.
        builder.UseSetting("Kafka:ProbeInterval", "00:00:00.250");
    }
}
