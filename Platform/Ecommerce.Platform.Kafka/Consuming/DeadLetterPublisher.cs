using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Ecommerce.Platform.Kafka.Producing;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>
/// Copies a record a module could not apply to <c>&lt;topic&gt;.dead-letter</c>: its key, value and
/// headers, plus why it failed and where it came from, so it can be inspected and replayed. A copy
/// too large for the broker still goes out, with its headers and the first bytes of its value.
/// </summary>
internal sealed partial class DeadLetterPublisher(
    ModuleManifest module,
    string consumerGroup,
    KafkaConnection connection,
    KafkaProducer producer,
    MessagingMetrics metrics,
    ILogger<DeadLetterPublisher> logger)
{
    /// <summary>How much of a value too large for the broker the dead letter keeps.</summary>
    public const int TruncatedValueBytes = 64 * 1024;

    /// <summary>Returns once the broker has acknowledged the copy; throws when it could not.</summary>
    public async Task PublishAsync(ConsumeResult<byte[], byte[]> record, string error, int attempts, CancellationToken ct)
    {
        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(DeadLetterHeaders.Error, Encoding.UTF8.GetBytes(error));
        headers.Add(DeadLetterHeaders.ConsumerGroup, Encoding.UTF8.GetBytes(consumerGroup));
        headers.Add(DeadLetterHeaders.Topic, Encoding.UTF8.GetBytes(record.Topic));
        headers.Add(DeadLetterHeaders.Partition, Encoding.UTF8.GetBytes(record.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.Offset, Encoding.UTF8.GetBytes(record.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.Attempts, Encoding.UTF8.GetBytes(attempts.ToString(CultureInfo.InvariantCulture)));

        var deadLetterTopic = connection.DeadLetterTopicFor(record.Topic);
        var copy = new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers, Timestamp = record.Message.Timestamp };
        try
        {
            await producer.ProduceAsync(deadLetterTopic, copy, ct);
        }
        catch (KafkaException e) when (KafkaErrors.IsTooLarge(e.Error) && record.Message.Value is { Length: > TruncatedValueBytes } value)
        {
            // The error and the origin matter more than the whole value; the original stays on its topic until retention.
            headers.Add(DeadLetterHeaders.ValueTruncatedFrom, Encoding.UTF8.GetBytes(value.Length.ToString(CultureInfo.InvariantCulture)));
            await producer.ProduceAsync(deadLetterTopic, new Message<byte[], byte[]> { Key = copy.Key, Value = value[..TruncatedValueBytes], Headers = headers, Timestamp = copy.Timestamp }, ct);
        }

        metrics.DeadLettered(module.Name);
        LogDeadLettered(consumerGroup, record.Topic, record.Partition.Value, record.Offset.Value, deadLetterTopic, error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer group {Group} dead-lettered {Topic}[{Partition}]@{Offset} to {DeadLetterTopic}: {Error}")]
    private partial void LogDeadLettered(string group, string topic, int partition, long offset, string deadLetterTopic, string error);
}
