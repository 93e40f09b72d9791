using Confluent.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Outbox;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Platform.Kafka.Producing;

/// <summary>
/// Produces outbox rows to the stream's topic, keyed by aggregate id so each aggregate's events stay
/// in one partition, in order. All rows of a batch are in flight at once; the idempotent producer keeps
/// their order per partition.
/// </summary>
internal sealed partial class KafkaOutboxTransport(KafkaConnection connection, KafkaProducer producer, ILogger<KafkaOutboxTransport> logger)
    : IOutboxTransport
{
    public async Task<int> SendAsync(string stream, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var topic = connection.TopicFor(stream);
        var deliveries = new List<Task<DeliveryResult<byte[], byte[]>>>(messages.Count);
        try
        {
            foreach (var row in messages)
            {
                using var send = MessagingTelemetry.StartSend(row, topic);
                var message = send is null
                    ? CloudEventRecords.ToKafkaMessage(row, stream, row.TraceParent, row.TraceState)
                    : CloudEventRecords.ToKafkaMessage(row, stream, send.Id, send.TraceStateString);
                deliveries.Add(producer.ProduceAsync(topic, message, cancellationToken));
            }

            await Task.WhenAll(deliveries);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Inspected below: what was acknowledged before the first failure still counts.
        }

        var delivered = deliveries.TakeWhile(d => d.IsCompletedSuccessfully && d.Result.Status == PersistenceStatus.Persisted).Count();
        if (delivered < messages.Count)
        {
            var failure = deliveries.Skip(delivered).FirstOrDefault(d => d.IsFaulted)?.Exception?.InnerException;
            LogSendFailed(topic, messages.Count - delivered, messages.Count, failure?.Message ?? "not acknowledged");
        }

        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka did not acknowledge {Failed} of {Total} events for {Topic}: {Reason}; they stay in the outbox")]
    private partial void LogSendFailed(string topic, int failed, int total, string reason);
}
