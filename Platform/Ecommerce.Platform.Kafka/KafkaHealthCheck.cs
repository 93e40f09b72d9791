using Confluent.Kafka;
using Ecommerce.Platform.Kafka.Producing;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ecommerce.Platform.Kafka;

/// <summary>
/// Readiness of the broker connection, with the number of records in each dead-letter topic. An
/// unreachable broker is degraded, not unhealthy: writes go on and events wait in the outboxes (whose
/// own checks turn unhealthy if that lasts).
/// </summary>
internal sealed class KafkaHealthCheck(KafkaConnection connection, KafkaProducer producer, IEnumerable<ModuleManifest> modules) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Lazy<IConsumer<byte[], byte[]>> _watermarks = new(() =>
        new ConsumerBuilder<byte[], byte[]>(connection.ConsumerConfig("ecommerce-health")).SetLogHandler((_, _) => { }).Build());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["bootstrapServers"] = connection.BootstrapServers,
            ["embeddedBroker"] = connection.IsEmbeddedBroker,
        };
        try
        {
            var deadLetterTopics = modules.SelectMany(m => m.ConsumedStreams)
                .Select(stream => connection.DeadLetterTopicFor(connection.TopicFor(stream))).Distinct().ToList();
            var metadata = producer.Metadata(deadLetterTopics, Timeout);
            data["brokers"] = metadata.Brokers.Count;
            data["deadLetters"] = metadata.Topics.ToDictionary(t => t.Topic, t => (object)t.Partitions
                .Select(p => _watermarks.Value.QueryWatermarkOffsets(new TopicPartition(t.Topic, p.PartitionId), Timeout))
                .Sum(w => w.High.Value - w.Low.Value));
            return Task.FromResult(HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s) reachable", data));
        }
        catch (KafkaException e)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Kafka is unreachable ({e.Error.Reason}); events wait in the outboxes", data: data));
        }
    }

    public void Dispose()
    {
        if (_watermarks.IsValueCreated)
        {
            _watermarks.Value.Dispose();
        }
    }
}
