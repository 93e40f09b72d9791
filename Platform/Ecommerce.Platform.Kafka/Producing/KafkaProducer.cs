using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Platform.Kafka.Producing;

/// <summary>
/// The process's one Kafka producer (idempotent, acks=all), shared by the relays and the dead-letter
/// path. A fatal producer error (e.g. an idempotence sequence the broker lost) cannot be recovered
/// in place, so the producer is rebuilt; the relay re-sends whatever was not acknowledged.
/// </summary>
public sealed partial class KafkaProducer(KafkaConnection connection, ILogger<KafkaProducer> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private IProducer<byte[], byte[]>? _producer;
    private volatile bool _fatal;

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken) =>
        Current().ProduceAsync(topic, message, cancellationToken);

    /// <summary>Asks the cluster for its brokers and the given topics (throws <see cref="KafkaException"/> when unreachable).</summary>
    public Metadata Metadata(IReadOnlyList<string> topics, TimeSpan timeout)
    {
        using var admin = new DependentAdminClientBuilder(Current().Handle).Build();
        var metadata = admin.GetMetadata(timeout);
        return new Metadata(metadata.Brokers, metadata.Topics.Where(t => topics.Contains(t.Topic) && t.Error.Code == ErrorCode.NoError).ToList(),
            metadata.OriginatingBrokerId, metadata.OriginatingBrokerName);
    }

    /// <summary>Waits for queued messages to be delivered, e.g. before shutting down.</summary>
    public void Flush(TimeSpan timeout)
    {
        lock (_gate)
        {
            _producer?.Flush(timeout);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // Dead letters produced during shutdown are awaited by their senders; this is a last safety net.
            _producer?.Flush(TimeSpan.FromSeconds(5));
            _producer?.Dispose();
            _producer = null;
        }
    }

    private IProducer<byte[], byte[]> Current()
    {
        lock (_gate)
        {
            if (_producer is null || _fatal)
            {
                _producer?.Dispose();
                _fatal = false;
                _producer = new ProducerBuilder<byte[], byte[]>(connection.ProducerConfig())
                    .SetErrorHandler((_, error) => OnError(error))
                    .SetLogHandler((_, log) => LogClient(log.Level.ToString(), log.Facility, log.Message))
                    .Build();
            }

            return _producer;
        }
    }

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal = true;
            LogFatal(error.Code, error.Reason);
        }
        else
        {
            LogTransient(error.Code, error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Fatal Kafka producer error {Code}: {Reason}; the producer is rebuilt")]
    private partial void LogFatal(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
    private partial void LogTransient(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
    private partial void LogClient(string level, string facility, string message);
}
