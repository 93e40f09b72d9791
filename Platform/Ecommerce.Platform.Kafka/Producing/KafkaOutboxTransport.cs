using System.Collections.Concurrent;
using Confluent.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Kafka.Producing;

/// <summary>
/// Produces outbox rows to the stream's topic, keyed by aggregate id so each aggregate's events stay
/// in one partition, in order. All rows of a batch are in flight at once; the idempotent producer keeps
/// their order per partition. A row refused at once (too large) holds back the rest of its aggregate's
/// rows in the batch, so they never overtake it.
/// </summary>
internal sealed partial class KafkaOutboxTransport(
    KafkaConnection connection, KafkaProducer producer, EventCatalog events, IOptions<KafkaOptions> options, ILogger<KafkaOutboxTransport> logger)
    : IOutboxTransport
{
    // Every send ends by message.timeout.ms; past that and a margin, a missing answer is a lost one.
    private readonly TimeSpan _answerTimeout = TimeSpan.FromMilliseconds(options.Value.Producer.MessageTimeoutMs) + TimeSpan.FromSeconds(5);

    // Per stream and row type: a handful of entries, each built once.
    private readonly ConcurrentDictionary<(string Stream, string RowType), CloudEventRecords.ConstantAttributes> _constants = new();

    public async Task<IReadOnlyList<SendResult>> SendAsync(string stream, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var topic = connection.TopicFor(stream);
        var results = new SendResult[messages.Count];
        var deliveries = new Task<DeliveryResult<byte[], byte[]>>?[messages.Count];
        var refusedKeys = new HashSet<string>();
        for (var i = 0; i < messages.Count; i++)
        {
            var row = messages[i];
            if (refusedKeys.Contains(row.Key))
            {
                results[i] = SendResult.Held;
                continue;
            }

            using var send = MessagingTelemetry.StartSend(row, topic);
            var constant = ConstantsOf(stream, row.Type);
            var message = send is null
                ? CloudEventRecords.ToKafkaMessage(row, constant, row.TraceParent, row.TraceState)
                : CloudEventRecords.ToKafkaMessage(row, constant, send.Id, send.TraceStateString);
            try
            {
                deliveries[i] = producer.ProduceAsync(topic, message, cancellationToken);
            }
            catch (KafkaException e)
            {
                // Refused before it left (e.g. over message.max.bytes): nothing of this key may follow it.
                results[i] = Outcome(e.Error);
                refusedKeys.Add(row.Key);
            }
        }

        try
        {
            await Task.WhenAll(deliveries.OfType<Task>()).WaitAsync(_answerTimeout, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Each delivery is inspected below: what was acknowledged still counts.
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (deliveries[i] is not { } delivery)
            {
                continue;
            }

            results[i] = delivery switch
            {
                { IsCompletedSuccessfully: true } when delivery.Result.Status == PersistenceStatus.Persisted => SendResult.Delivered,
                { IsFaulted: true } when delivery.Exception!.InnerException is KafkaException e => Outcome(e.Error),
                { IsFaulted: true } => new SendResult(SendStatus.Failed, delivery.Exception!.InnerException?.Message),
                { IsCompleted: true } => new SendResult(SendStatus.Failed, "the broker did not confirm it was persisted"),
                _ => new SendResult(SendStatus.Failed, $"no answer from the broker within {_answerTimeout.TotalSeconds:F0} s"),
            };
        }

        var failed = results.Count(r => r.Status != SendStatus.Delivered);
        if (failed > 0)
        {
            LogNotDelivered(topic, failed, messages.Count, results.FirstOrDefault(r => r.Error is not null).Error ?? "held behind an earlier event");
        }

        return results;
    }

    private CloudEventRecords.ConstantAttributes ConstantsOf(string stream, string rowType) =>
        _constants.GetOrAdd((stream, rowType), key =>
        {
            var contract = events.Find(key.RowType).Contract;
            return new CloudEventRecords.ConstantAttributes(key.Stream, key.RowType, contract, contract is null ? null : events.SchemaOf(contract));
        });

    /// <summary>Refused for what the event is (retrying it as it is cannot help), or failed for the environment.</summary>
    private static SendResult Outcome(Error error) =>
        new(KafkaErrors.RefusesTheRecord(error) ? SendStatus.Rejected : SendStatus.Failed, $"{error.Code}: {error.Reason}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka did not take {Failed} of {Total} events for {Topic} ({Reason}); they stay in the outbox")]
    private partial void LogNotDelivered(string topic, int failed, int total, string reason);
}
