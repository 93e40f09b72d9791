using Confluent.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Kafka;

/// <summary>
/// Which Kafka this process talks to, and the client settings every producer and consumer shares.
/// With no bootstrap servers configured it starts the embedded broker (librdkafka's mock cluster) in
/// this process and creates the topics the running modules use.
/// </summary>
public sealed partial class KafkaConnection : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly EmbeddedKafkaBroker? _embeddedBroker;

    public KafkaConnection(IOptions<KafkaOptions> options, IEnumerable<ModuleManifest> modules, ILogger<KafkaConnection> logger)
    {
        _options = options.Value;
        if (!string.IsNullOrWhiteSpace(_options.BootstrapServers))
        {
            BootstrapServers = _options.BootstrapServers;
            return;
        }

        _embeddedBroker = new EmbeddedKafkaBroker();
        BootstrapServers = _embeddedBroker.BootstrapServers;
        var streams = modules.SelectMany(m => m.ConsumedStreams.Append(m.Stream)).Distinct();
        foreach (var topic in streams.Select(TopicFor))
        {
            _embeddedBroker.CreateTopic(topic, _options.EmbeddedBrokerPartitions);
            _embeddedBroker.CreateTopic(DeadLetterTopicFor(topic), _options.EmbeddedBrokerPartitions);
        }

        LogEmbeddedBroker(logger, BootstrapServers, TopicFor(modules.First().Stream));
    }

    public string BootstrapServers { get; }

    public bool IsEmbeddedBroker => _embeddedBroker is not null;

    public string TopicFor(string stream) =>
        _options.Topics.TryGetValue(stream, out var topic) && !string.IsNullOrWhiteSpace(topic) ? topic : $"ecommerce.{stream}";

    public string DeadLetterTopicFor(string topic) => topic + _options.DeadLetterSuffix;

    public string ConsumerGroupFor(string module) => _options.ConsumerGroupPrefix + module.ToLowerInvariant();

    public ProducerConfig ProducerConfig() => Secured(new ProducerConfig
    {
        BootstrapServers = BootstrapServers,
        ClientId = $"ecommerce-{Environment.MachineName}",
        // Every committed event reaches all in-sync replicas once, in order, even across retries.
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = _options.Producer.LingerMs,
        MessageTimeoutMs = _options.Producer.MessageTimeoutMs,
        SocketNagleDisable = true,
        // After an outage, reconnect within a second of the broker's return rather than up to ten.
        ReconnectBackoffMaxMs = 1000,
    });

    public ConsumerConfig ConsumerConfig(string groupId) => Secured(new ConsumerConfig
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        ClientId = $"{groupId}-{Environment.MachineName}",
        // A new group starts from the beginning of the stream: nothing published before it existed is missed.
        AutoOffsetReset = AutoOffsetReset.Earliest,
        // Offsets are committed by hand, only after the effects of the records are committed.
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        FetchWaitMaxMs = _options.Consumer.FetchWaitMaxMs ?? (IsEmbeddedBroker ? 2 : 500),
        // Prefetch enough for several full batches, not librdkafka's 64 MB: a backlog would sit in memory.
        QueuedMaxMessagesKbytes = 8 * 1024,
        SessionTimeoutMs = _options.Consumer.SessionTimeoutMs,
        // A subscribed topic that does not exist yet is looked for again this often, so consuming starts soon after it appears.
        TopicMetadataRefreshIntervalMs = 5000,
        SocketNagleDisable = true,
        ReconnectBackoffMaxMs = 1000,
    });

    /// <summary>For the broker probe: metadata and topic creation.</summary>
    public AdminClientConfig AdminConfig() => Secured(new AdminClientConfig
    {
        BootstrapServers = BootstrapServers,
        ClientId = $"ecommerce-probe-{Environment.MachineName}",
        ReconnectBackoffMaxMs = 1000,
    });

    /// <summary>
    /// The connection settings every client shares, so no producer, consumer or admin client of this
    /// process can reach the cluster another way: the protocol, the SASL credentials, the TLS authorities.
    /// </summary>
    private T Secured<T>(T config)
        where T : ClientConfig
    {
        config.SecurityProtocol = _options.SecurityProtocol switch
        {
            KafkaSecurityProtocol.Ssl => SecurityProtocol.Ssl,
            KafkaSecurityProtocol.SaslPlaintext => SecurityProtocol.SaslPlaintext,
            KafkaSecurityProtocol.SaslSsl => SecurityProtocol.SaslSsl,
            _ => SecurityProtocol.Plaintext,
        };
        if (_options.UsesSasl)
        {
            config.SaslMechanism = _options.Sasl.Mechanism switch
            {
                KafkaSaslMechanism.ScramSha256 => SaslMechanism.ScramSha256,
                KafkaSaslMechanism.ScramSha512 => SaslMechanism.ScramSha512,
                _ => SaslMechanism.Plain,
            };
            config.SaslUsername = _options.Sasl.Username;
            config.SaslPassword = _options.Sasl.Password;
        }

        if (_options.UsesTls && !string.IsNullOrEmpty(_options.Ssl.CaLocation))
        {
            config.SslCaLocation = _options.Ssl.CaLocation;
        }

        if (_options.UsesTls && !string.IsNullOrEmpty(_options.Ssl.CaPem))
        {
            config.SslCaPem = _options.Ssl.CaPem;
        }

        return config;
    }

    public void Dispose() => _embeddedBroker?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No Kafka:BootstrapServers configured: started the embedded Kafka broker (in memory, for development only, not durable) at {BootstrapServers}. Watch it with: kcat -b {BootstrapServers} -C -t {Topic} -J")]
    private static partial void LogEmbeddedBroker(ILogger logger, string bootstrapServers, string topic);
}
