using Ecommerce.Platform.Kafka.Broker;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// A test class with an embedded Kafka broker of its own (so it can take it down) and one host on it,
/// created before each test and disposed after it, with the broker brought back up.
/// </summary>
public abstract class KafkaHostTests(EmbeddedKafkaBroker broker, KafkaTestHost host) : IClassFixture<EmbeddedKafkaBroker>, IAsyncLifetime
{
    protected KafkaHostTests(EmbeddedKafkaBroker broker)
        : this(broker, new KafkaTestHost(broker))
    {
    }

    protected EmbeddedKafkaBroker Broker { get; } = broker;

    protected KafkaTestHost Host { get; } = host;

    protected HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Broker.BringUp();
        await Host.DisposeAsync();
    }
}
