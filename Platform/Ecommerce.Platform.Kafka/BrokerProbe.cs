using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Kafka;

/// <summary>The broker as the last probe saw it.</summary>
/// <param name="MissingTopics">Topics the running modules use that do not exist (yet).</param>
/// <param name="DeadLetters">Records held in each dead-letter topic.</param>
public sealed record BrokerReport(
    DateTimeOffset At, bool Reachable, int Brokers, IReadOnlyList<string> MissingTopics, IReadOnlyDictionary<string, long> DeadLetters, string? Error);

/// <summary>
/// Asks the broker, every <see cref="KafkaOptions.ProbeInterval"/>, whether it answers, whether the
/// topics the running modules use exist, and how many records each dead-letter topic holds. Missing
/// topics are created where <see cref="KafkaProvisioningOptions.Enabled"/> allows it. Readiness reads
/// the latest answer, so a probe never waits on the broker and never builds a client: this service owns
/// the only two it uses, for the life of the process.
/// </summary>
public sealed partial class BrokerProbe(
    KafkaConnection connection,
    IEnumerable<ModuleManifest> modules,
    IOptions<KafkaOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<BrokerProbe> logger) : BackgroundService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly KafkaOptions _options = options.Value;
    private readonly List<RequiredTopic> _topics = Topics(connection, modules.ToList(), options.Value);
    private readonly HashSet<string> _reportedCreationFailures = [];
    private volatile BrokerReport? _latest;

    /// <summary>The last answer; null until the first probe has finished.</summary>
    public BrokerReport? Latest => _latest;

    private bool Provisioning => _options.Provisioning.Enabled ?? environment.IsDevelopment();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var admin = new AdminClientBuilder(connection.AdminConfig()).SetLogHandler((_, _) => { }).Build();
        using var watermarks = new ConsumerBuilder<byte[], byte[]>(connection.ConsumerConfig("ecommerce-probe")).SetLogHandler((_, _) => { }).Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            // The admin calls block their thread; off the caller's, they keep startup and shutdown responsive.
            _latest = await Task.Run(() => ProbeAsync(admin, watermarks), stoppingToken);
            await Task.Delay(_options.ProbeInterval, clock, stoppingToken);
        }
    }

    private async Task<BrokerReport> ProbeAsync(IAdminClient admin, IConsumer<byte[], byte[]> watermarks)
    {
        try
        {
            var metadata = admin.GetMetadata(Timeout);
            var existing = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic);
            var missing = _topics.Where(t => !existing.ContainsKey(t.Name)).ToList();
            if (missing.Any(t => t.Specification is not null) && Provisioning)
            {
                await CreateAsync(admin, [.. missing.Select(t => t.Specification).OfType<TopicSpecification>()]);
            }

            var deadLetters = existing.Values.Where(t => _topics.Any(r => r.Name == t.Topic && r.IsDeadLetter))
                .ToDictionary(t => t.Topic, t => t.Partitions
                    .Select(p => watermarks.QueryWatermarkOffsets(new TopicPartition(t.Topic, p.PartitionId), Timeout))
                    .Sum(w => w.High.Value - w.Low.Value));
            return new BrokerReport(clock.GetUtcNow(), true, metadata.Brokers.Count, missing.Select(t => t.Name).ToList(), deadLetters, null);
        }
        catch (Exception e)
        {
            // Whatever the client throws, the probe reports it and looks again: readiness must never stop the host.
            return new BrokerReport(clock.GetUtcNow(), false, 0, [], new Dictionary<string, long>(), e is KafkaException kafka ? kafka.Error.Reason : e.Message);
        }
    }

    private async Task CreateAsync(IAdminClient admin, List<TopicSpecification> missing)
    {
        try
        {
            await admin.CreateTopicsAsync(missing, new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
            LogCreated(string.Join(", ", missing.Select(t => t.Name)));
        }
        catch (CreateTopicsException e)
        {
            foreach (var result in e.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)))
            {
                if (_reportedCreationFailures.Add(result.Topic))
                {
                    LogCreationFailed(result.Topic, result.Error.Reason);
                }
            }
        }
        catch (KafkaException e)
        {
            if (_reportedCreationFailures.Add("*"))
            {
                LogCreationFailed(string.Join(", ", missing.Select(t => t.Name)), e.Error.Reason);
            }
        }
    }

    /// <summary>
    /// The topics the running modules need: each one's stream, kept as its manifest says; the streams they
    /// consume (created only where a module here publishes them, since it knows how they are kept); and a
    /// dead-letter topic for each consumed stream, kept for ever so every dead letter can be replayed.
    /// </summary>
    internal static List<RequiredTopic> Topics(KafkaConnection connection, List<ModuleManifest> modules, KafkaOptions options)
    {
        var topics = new Dictionary<string, RequiredTopic>();
        void Add(string topic, StreamRetention retention, bool isDeadLetter) => topics.TryAdd(topic, new RequiredTopic(topic, isDeadLetter, new TopicSpecification
        {
            Name = topic,
            NumPartitions = options.Provisioning.Partitions,
            ReplicationFactor = options.Provisioning.ReplicationFactor,
            Configs = retention == StreamRetention.LatestPerKey
                ? new Dictionary<string, string> { ["cleanup.policy"] = "compact" }
                : new Dictionary<string, string> { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1", ["retention.bytes"] = "-1" },
        }));

        foreach (var module in modules)
        {
            Add(connection.TopicFor(module.Stream), module.Retention, isDeadLetter: false);
        }

        foreach (var topic in modules.SelectMany(m => m.ConsumedStreams).Distinct().Select(connection.TopicFor))
        {
            Add(connection.DeadLetterTopicFor(topic), StreamRetention.Forever, isDeadLetter: true);
            // Published by a module running elsewhere: that service creates it; here it is only awaited.
            topics.TryAdd(topic, new RequiredTopic(topic, IsDeadLetter: false, Specification: null));
        }

        return [.. topics.Values];
    }

    /// <param name="Specification">How to create it; null when another service owns it.</param>
    internal sealed record RequiredTopic(string Name, bool IsDeadLetter, TopicSpecification? Specification);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the missing Kafka topics {Topics}")]
    private partial void LogCreated(string topics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create Kafka topic(s) {Topics}: {Reason}; waiting for them to appear")]
    private partial void LogCreationFailed(string topics, string reason);
}
