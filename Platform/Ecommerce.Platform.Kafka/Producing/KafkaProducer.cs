using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Platform.Kafka.Producing;

/// <summary>
/// The process's one Kafka producer (idempotent, acks=all), shared by the relays and the dead-letter
/// path. A fatal producer error (e.g. an idempotence sequence the broker lost) cannot be recovered
/// in place, so the producer is rebuilt. Sends still waiting on the old one are failed at once rather
/// than left unanswered, so no caller waits for ever; the relay sends them again.
/// </summary>
public sealed partial class KafkaProducer(KafkaConnection connection, ILogger<KafkaProducer> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private Generation? _current;
    private volatile bool _fatal;

    /// <summary>Completes when the broker answers; throws <see cref="KafkaException"/> when the send failed or the producer was rebuilt.</summary>
    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken)
    {
        var generation = Current();
        var delivery = new TaskCompletionSource<DeliveryResult<byte[], byte[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
        generation.Pending.TryAdd(delivery, 0);
        try
        {
            // Refusals known before sending (e.g. too large) throw here, synchronously.
            generation.Producer.Produce(topic, message, report =>
            {
                generation.Pending.TryRemove(delivery, out _);
                if (report.Error.IsError)
                {
                    delivery.TrySetException(new ProduceException<byte[], byte[]>(report.Error, report));
                }
                else
                {
                    delivery.TrySetResult(report);
                }
            });
        }
        catch
        {
            generation.Pending.TryRemove(delivery, out _);
            throw;
        }

        return cancellationToken.CanBeCanceled ? delivery.Task.WaitAsync(cancellationToken) : delivery.Task;
    }

    /// <summary>Waits for queued messages to be delivered, e.g. before shutting down.</summary>
    public void Flush(TimeSpan timeout)
    {
        lock (_gate)
        {
            _current?.Producer.Flush(timeout);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // Dead letters produced during shutdown are awaited by their senders; this is a last safety net.
            _current?.Producer.Flush(TimeSpan.FromSeconds(5));
            _current?.Retire("The producer was disposed before this send was confirmed.");
            _current = null;
        }
    }

    private Generation Current()
    {
        lock (_gate)
        {
            if (_current is null || _fatal)
            {
                _current?.Retire("The producer was rebuilt after a fatal error before this send was confirmed.");
                _fatal = false;
                _current = new Generation(new ProducerBuilder<byte[], byte[]>(connection.ProducerConfig())
                    .SetErrorHandler((_, error) => OnError(error))
                    .SetLogHandler((_, log) => LogClient(log.Level.ToString(), log.Facility, log.Message))
                    .Build());
            }

            return _current;
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

    /// <summary>One producer instance and the sends it has not answered yet.</summary>
    private sealed class Generation(IProducer<byte[], byte[]> producer)
    {
        public IProducer<byte[], byte[]> Producer { get; } = producer;

        public ConcurrentDictionary<TaskCompletionSource<DeliveryResult<byte[], byte[]>>, byte> Pending { get; } = new();

        /// <summary>Fails every unanswered send, then disposes the producer: a destroyed producer answers nothing.</summary>
        public void Retire(string reason)
        {
            foreach (var delivery in Pending.Keys)
            {
                delivery.TrySetException(new KafkaException(new Error(ErrorCode.Local_Destroy, reason)));
            }

            Pending.Clear();
            Producer.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Fatal Kafka producer error {Code}: {Reason}; the producer is rebuilt")]
    private partial void LogFatal(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
    private partial void LogTransient(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
    private partial void LogClient(string level, string facility, string message);
}
