using System.Text;
using Confluent.Kafka;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>A plain Confluent client's view of a topic, as any other Kafka consumer would see it.</summary>
public static class KafkaTopic
{
    public sealed record Record(int Partition, long Offset, string? Key, string Value, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }

    /// <summary>Every record on the topic right now, partition by partition, in offset order.</summary>
    public static List<Record> ReadAll(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
        }).Build();

        var records = new List<Record>();
        foreach (var partition in partitions)
        {
            var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
            if (end == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            while (records.Count(r => r.Partition == partition.Partition.Value) < end)
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"{topic}[{partition.Partition.Value}] did not deliver up to offset {end}.");
                records.Add(new Record(
                    result.Partition.Value,
                    result.Offset.Value,
                    result.Message.Key is null ? null : Encoding.UTF8.GetString(result.Message.Key),
                    Encoding.UTF8.GetString(result.Message.Value ?? []),
                    (result.Message.Headers ?? []).GroupBy(h => h.Key).ToDictionary(g => g.Key, g => Encoding.UTF8.GetString(g.Last().GetValueBytes()))));
            }
        }

        return records;
    }

    public static async Task ProduceAsync(string bootstrapServers, string topic, int partition, string? key, string value, params (string Name, string Value)[] headers)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        var kafkaHeaders = new Headers();
        foreach (var (name, headerValue) in headers)
        {
            kafkaHeaders.Add(name, Encoding.UTF8.GetBytes(headerValue));
        }

        await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<byte[]?, byte[]>
        {
            Key = key is null ? null : Encoding.UTF8.GetBytes(key),
            Value = Encoding.UTF8.GetBytes(value),
            Headers = kafkaHeaders,
        });
    }
}
