namespace Ecommerce.Platform.Kafka;

public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>The cluster to use, e.g. <c>kafka:9092</c>. Empty: start the embedded broker in this process.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>How every client (producer, consumers, admin) connects: in clear or over TLS, with or without SASL.</summary>
    public KafkaSecurityProtocol SecurityProtocol { get; set; } = KafkaSecurityProtocol.Plaintext;

    /// <summary>The credentials of <see cref="KafkaSecurityProtocol.SaslPlaintext"/> and <see cref="KafkaSecurityProtocol.SaslSsl"/>.</summary>
    public KafkaSaslOptions Sasl { get; set; } = new();

    /// <summary>Which certificate authority to trust with <see cref="KafkaSecurityProtocol.Ssl"/> and <see cref="KafkaSecurityProtocol.SaslSsl"/>.</summary>
    public KafkaSslOptions Ssl { get; set; } = new();

    /// <summary>Topic per stream (<c>Kafka:Topics:users</c>); unset streams use <c>ecommerce.&lt;stream&gt;</c>.</summary>
    public Dictionary<string, string> Topics { get; set; } = [];

    /// <summary>A module's consumer group is this prefix plus the module's name, e.g. <c>ecommerce-orders</c>.</summary>
    public string ConsumerGroupPrefix { get; set; } = "ecommerce-";

    /// <summary>Dead letters of topic T go to T plus this suffix.</summary>
    public string DeadLetterSuffix { get; set; } = ".dead-letter";

    /// <summary>Partitions of the topics the embedded broker creates.</summary>
    public int EmbeddedBrokerPartitions { get; set; } = 4;

    /// <summary>How often readiness asks the broker about itself, the topics and the dead letters (probes answer from the last answer).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    public KafkaProvisioningOptions Provisioning { get; set; } = new();

    public KafkaProducerOptions Producer { get; set; } = new();

    public KafkaConsumerOptions Consumer { get; set; } = new();

    internal bool UsesSasl => SecurityProtocol is KafkaSecurityProtocol.SaslPlaintext or KafkaSecurityProtocol.SaslSsl;

    internal bool UsesTls => SecurityProtocol is KafkaSecurityProtocol.Ssl or KafkaSecurityProtocol.SaslSsl;
}

/// <summary>The ways a Kafka client connects to the brokers (librdkafka's <c>security.protocol</c>).</summary>
public enum KafkaSecurityProtocol
{
    /// <summary>In clear, unauthenticated: a development broker, or a network nobody else reaches.</summary>
    Plaintext,

    /// <summary>TLS, the broker's certificate checked against <see cref="KafkaSslOptions"/> (or the system's authorities).</summary>
    Ssl,

    /// <summary>SASL credentials, in clear: only where the network itself is trusted.</summary>
    SaslPlaintext,

    /// <summary>SASL credentials over TLS: what a shared or managed cluster asks for.</summary>
    SaslSsl,
}

/// <summary>The SASL mechanisms the host speaks (librdkafka's <c>sasl.mechanism</c>).</summary>
public enum KafkaSaslMechanism
{
    Plain,
    ScramSha256,
    ScramSha512,
}

public sealed class KafkaSaslOptions
{
    public KafkaSaslMechanism Mechanism { get; set; } = KafkaSaslMechanism.Plain;

    public string? Username { get; set; }

    /// <summary>A secret: give it in the environment (<c>Kafka__Sasl__Password</c>), never in a file in the repository. Never logged.</summary>
    public string? Password { get; set; }
}

public sealed class KafkaSslOptions
{
    /// <summary>A PEM file of the authorities that sign the brokers' certificates. Unset: the system's.</summary>
    public string? CaLocation { get; set; }

    /// <summary>The same, as PEM text (for a platform that hands it over in a variable rather than a file).</summary>
    public string? CaPem { get; set; }
}

/// <summary>Whether and how the host creates the topics it needs when they are missing.</summary>
public sealed class KafkaProvisioningOptions
{
    /// <summary>
    /// Create missing topics: each module's stream (kept as its manifest says: compacted, or for ever)
    /// and the dead-letter topics (kept for ever). Unset: on in Development only. Off: the host waits for
    /// them, and readiness names the missing ones.
    /// </summary>
    public bool? Enabled { get; set; }

    public int Partitions { get; set; } = 4;

    /// <summary>-1: the broker's own default.replication.factor.</summary>
    public short ReplicationFactor { get; set; } = -1;
}

public sealed class KafkaProducerOptions
{
    /// <summary>How long the producer waits to fill a batch; 0 favours latency (batches still form under load).</summary>
    public int LingerMs { get; set; }

    /// <summary>How long a send may take, retries included, before the relay gives up on it and backs off.</summary>
    public int MessageTimeoutMs { get; set; } = 30_000;
}

public sealed class KafkaConsumerOptions
{
    /// <summary>
    /// Longest a fetch waits for data. A real broker answers as soon as data arrives; the embedded one
    /// always waits the full time, so unset means 2 ms on the embedded broker and 500 ms otherwise.
    /// </summary>
    public int? FetchWaitMaxMs { get; set; }

    /// <summary>Most records applied in one database transaction.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>Larger records are dead-lettered unread: our events are well under 1 KB.</summary>
    public int MaxRecordBytes { get; set; } = 256 * 1024;

    /// <summary>Attempts at one record its consumer refuses before it goes to the dead-letter topic.
    /// Failures of the environment are not counted: they are retried for as long as they last.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First wait between attempts; doubles each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long the group waits for a silent member before giving its partitions to another. Kafka's own
    /// default: a broker outage shorter than this costs no rebalance, so consumers resume the moment the
    /// broker is back (ADR 0037). A member that stops gracefully leaves at once; only a crash waits this long.
    /// </summary>
    public int SessionTimeoutMs { get; set; } = 45_000;

    /// <summary>Readiness turns unhealthy once the consumers have waited this long (on the database, a dead letter, the broker).</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait between two tries while the environment refuses a batch.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
