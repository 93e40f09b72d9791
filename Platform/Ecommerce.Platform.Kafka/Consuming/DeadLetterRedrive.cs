using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Ecommerce.Platform.Kafka.Producing;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>A record on a dead-letter topic, with why it is there and where it came from.</summary>
public sealed record DeadLetter(
    string Topic, int Partition, long Offset, string? Key, string? EventType, string? EventId, string? Error,
    string? OriginalTopic, int? OriginalPartition, long? OriginalOffset, string? Attempts, bool Truncated, Message<byte[], byte[]> Message)
{
    public string Position => $"{Topic}[{Partition}]@{Offset}";

    public string Origin => $"{OriginalTopic}[{OriginalPartition}]@{OriginalOffset}";
}

/// <summary>
/// Reads the dead-letter topics of the running modules and replays chosen records. A replay produces
/// the record again, unchanged (key, value, CloudEvents headers), to the topic it came from, where the
/// module's consumers apply it like any other; its event id is kept, so the inbox applies it once however
/// often it is replayed. Records whose value was truncated cannot be replayed.
/// </summary>
public sealed class DeadLetterRedrive(KafkaConnection connection, KafkaProducer producer, IEnumerable<ModuleManifest> modules)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The dead-letter topic of every stream the running modules consume.</summary>
    public IReadOnlyList<string> Topics { get; } = modules.SelectMany(m => m.ConsumedStreams).Distinct()
        .Select(stream => connection.DeadLetterTopicFor(connection.TopicFor(stream))).ToList();

    /// <summary>Every dead letter on <paramref name="topic"/> (all the modules' topics when null), optionally one partition or one record.</summary>
    public List<DeadLetter> Read(string? topic = null, int? partition = null, long? offset = null)
    {
        using var admin = new AdminClientBuilder(connection.AdminConfig()).Build();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(connection.ConsumerConfig($"ecommerce-dead-letters-{Guid.NewGuid():N}")).Build();
        var letters = new List<DeadLetter>();
        foreach (var name in topic is null ? Topics : [topic])
        {
            var metadata = admin.GetMetadata(name, Timeout).Topics.SingleOrDefault(t => t.Topic == name && t.Error.Code == ErrorCode.NoError);
            foreach (var id in metadata?.Partitions.Select(p => p.PartitionId).Where(p => partition is null || p == partition) ?? [])
            {
                var tp = new TopicPartition(name, id);
                var watermarks = consumer.QueryWatermarkOffsets(tp, Timeout);
                var start = offset ?? watermarks.Low.Value;
                var end = offset is { } only ? Math.Min(only + 1, watermarks.High.Value) : watermarks.High.Value;
                if (start >= end)
                {
                    continue;
                }

                consumer.Assign(new TopicPartitionOffset(tp, start));
                for (var next = start; next < end;)
                {
                    var record = consumer.Consume(Timeout) ?? throw new TimeoutException($"{name}[{id}] did not deliver offset {next} within {Timeout.TotalSeconds} s.");
                    letters.Add(From(record));
                    next = record.Offset.Value + 1;
                }
            }
        }

        return letters;
    }

    /// <summary>Produces the record again to the topic it came from; returns once the broker acknowledged it.</summary>
    public async Task ReplayAsync(DeadLetter letter, CancellationToken ct)
    {
        if (letter.Truncated || letter.OriginalTopic is null)
        {
            throw new InvalidOperationException($"{letter.Position} cannot be replayed: {(letter.Truncated ? "its value was truncated" : "it does not say which topic it came from")}.");
        }

        var headers = new Headers();
        foreach (var header in letter.Message.Headers.Where(h => !h.Key.StartsWith("dead-letter-", StringComparison.Ordinal)))
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        await producer.ProduceAsync(letter.OriginalTopic,
            new Message<byte[], byte[]> { Key = letter.Message.Key, Value = letter.Message.Value, Headers = headers, Timestamp = letter.Message.Timestamp }, ct);
    }

    private static DeadLetter From(ConsumeResult<byte[], byte[]> record)
    {
        var headers = record.Message.Headers;
        string? Header(string name) => CloudEventRecords.Read(headers, name);
        return new DeadLetter(
            record.Topic, record.Partition.Value, record.Offset.Value,
            record.Message.Key is null ? null : Encoding.UTF8.GetString(record.Message.Key),
            Header(CloudEventHeaders.Type), Header(CloudEventHeaders.Id), Header(DeadLetterHeaders.Error),
            Header(DeadLetterHeaders.Topic),
            int.TryParse(Header(DeadLetterHeaders.Partition), CultureInfo.InvariantCulture, out var partition) ? partition : null,
            long.TryParse(Header(DeadLetterHeaders.Offset), CultureInfo.InvariantCulture, out var offset) ? offset : null,
            Header(DeadLetterHeaders.Attempts),
            Header(DeadLetterHeaders.ValueTruncatedFrom) is not null,
            record.Message);
    }
}
