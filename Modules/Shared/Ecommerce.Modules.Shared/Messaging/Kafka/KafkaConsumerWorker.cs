using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using MassTransit;
using Headers = Confluent.Kafka.Headers;
using MassTransit.Mediator;
using Ecommerce.Modules.Shared.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Modules.Shared.Messaging.Kafka;

/// <summary>
/// Consumes the topics one module subscribes to, in the module's own consumer group, and hands each
/// event to the module's MassTransit consumer. Consumers change the module's DbContext (their effects
/// and an inbox record per event); the batch is then saved and committed in one transaction, and the
/// offsets are committed only after it: a crash replays records, the inbox makes replays no-ops.
/// A record that keeps failing, or cannot be read, goes to the dead-letter topic; the partition moves on.
/// On shutdown the batch in hand is finished and its offsets committed before the consumer leaves its group.
/// </summary>
internal sealed partial class KafkaConsumerWorker(
    ModuleMessaging module,
    KafkaConnection connection,
    KafkaProducer producer,
    IServiceScopeFactory scopes,
    MessagingMetrics metrics,
    IOptions<KafkaOptions> options,
    TimeProvider clock,
    ILogger<KafkaConsumerWorker> logger) : BackgroundService
{
    private readonly KafkaConsumerOptions _options = options.Value.Consumer;
    private readonly string _groupId = connection.ConsumerGroupFor(module.Module);
    private readonly Dictionary<string, Type> _consumedTypes =
        module.Consumers.Select(c => c.EventType).Distinct().ToDictionary(EventJson.TypeName);

    // Consume() blocks its thread, so the loop gets a thread of its own instead of starving the pool.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ConsumeLoop(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ConsumeLoop(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(connection.ConsumerConfig(_groupId))
            .SetErrorHandler((_, error) => LogConsumerError(_groupId, error.Code, error.Reason))
            .SetLogHandler((_, log) => LogClient(_groupId, log.Level.ToString(), log.Message))
            .Build();
        consumer.Subscribe(module.Consumers.Select(c => connection.TopicFor(c.Stream)).Distinct());
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = NextBatch(consumer, stoppingToken);
                try
                {
                    // Not cancelled by shutdown: a batch once taken is finished and committed (bounded by the retries).
                    HandleAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                    failures = 0;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Only the dead-letter path gets here (the broker is unreachable): read the batch again later.
                    failures++;
                    LogBatchFailed(_groupId, e);
                    Rewind(consumer, batch);
                    stoppingToken.WaitHandle.WaitOne(RetryDelay(failures));
                    continue;
                }

                Commit(consumer, batch);
                metrics.ConsumerLag(module.Module, Lag(consumer));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: uncommitted records are consumed again by the next member of the group.
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Blocks for the first record, then takes whatever else has already arrived.</summary>
    private List<ConsumeResult<byte[], byte[]>> NextBatch(IConsumer<byte[], byte[]> consumer, CancellationToken ct)
    {
        var batch = new List<ConsumeResult<byte[], byte[]>>();
        while (batch.Count == 0)
        {
            if (consumer.Consume(ct) is { IsPartitionEOF: false } first)
            {
                batch.Add(first);
            }
        }

        while (batch.Count < _options.MaxBatchSize && consumer.Consume(TimeSpan.Zero) is { IsPartitionEOF: false } next)
        {
            batch.Add(next);
        }

        return batch;
    }

    private async Task HandleAsync(List<ConsumeResult<byte[], byte[]>> batch, CancellationToken ct)
    {
        var events = new List<ReceivedEvent>(batch.Count);
        foreach (var record in batch)
        {
            var decoded = Decode(record);
            if (decoded.Event is { } @event)
            {
                events.Add(@event);
            }
            else if (decoded.Error is { } error)
            {
                await DeadLetterAsync(record, error, attempts: 0, ct);
            }
        }

        if (events.Count == 0 || await ApplyAsync(events, ct) is null)
        {
            return;
        }

        // Something in the batch failed: apply one by one, so only the culprit is retried and dead-lettered.
        foreach (var @event in events)
        {
            await ApplyWithRetriesAsync(@event, ct);
        }
    }

    private (ReceivedEvent? Event, string? Error) Decode(ConsumeResult<byte[], byte[]> record)
    {
        var typeName = CloudEventHeaders.Read(record.Message.Headers, CloudEventHeaders.Type);
        if (typeName is null)
        {
            return (null, $"The record has no '{CloudEventHeaders.Type}' header, so its event type is unknown.");
        }

        if (!_consumedTypes.TryGetValue(typeName, out var type))
        {
            return (null, null); // another module's business, or a newer event type this version ignores
        }

        if (record.Message.Value is { Length: var size } && size > _options.MaxRecordBytes)
        {
            return (null, $"The record's value is {size} bytes, over Kafka:Consumer:MaxRecordBytes ({_options.MaxRecordBytes}).");
        }

        try
        {
            var message = JsonSerializer.Deserialize(record.Message.Value, type, EventJson.Options)
                ?? throw new JsonException("The record's value is JSON null.");
            var id = Guid.TryParse(CloudEventHeaders.Read(record.Message.Headers, CloudEventHeaders.Id), out var eventId) ? eventId : NewId.NextGuid();
            return (new ReceivedEvent(record, type, message, id), null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return (null, $"The record's value is not a valid {type.Name}: {e.Message}");
        }
    }

    private async Task ApplyWithRetriesAsync(ReceivedEvent @event, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var error = await ApplyAsync([@event], ct);
            if (error is null)
            {
                return;
            }

            if (attempt >= _options.MaxAttempts)
            {
                await DeadLetterAsync(@event.Record, $"{error.GetType().Name}: {error.Message}", attempt, ct);
                return;
            }

            LogRetrying(_groupId, @event.Type.Name, @event.EventId, attempt, error);
            metrics.Retried(module.Module);
            await Task.Delay(_options.RetryDelay * Math.Pow(2, attempt - 1), clock, ct);
        }
    }

    /// <summary>Runs the module's consumers for <paramref name="events"/> in one transaction; returns the failure, if any.</summary>
    private async Task<Exception?> ApplyAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // The scoped mediator resolves consumers from this scope, so they share this DbContext and its transaction.
            var db = (ModuleDbContext)scope.ServiceProvider.GetRequiredService(module.DbContextType);
            var mediator = scope.ServiceProvider.GetRequiredService<IScopedMediator>();
            await using var transaction = await db.BeginWriteTransactionAsync(ct);
            // A batch tracks hundreds of entities; scanning them all on every lookup would be quadratic.
            // Changes are detected once, before the save.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var @event in events)
            {
                var headers = @event.Record.Message.Headers;
                using var process = MessagingTelemetry.StartProcess(
                    CloudEventHeaders.Read(headers, CloudEventHeaders.TraceParent), CloudEventHeaders.Read(headers, CloudEventHeaders.TraceState),
                    @event.Record.Topic, _groupId, @event.EventId);
                await mediator.Send(@event.Message, @event.Type,
                    Pipe.Execute<SendContext>(context => context.MessageId = @event.EventId), ct);
            }

            // Consumers only change the context: the whole batch, inbox records included, is one save and one commit.
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            metrics.Consumed(module.Module, events.Count);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return e;
        }
    }

    private async Task DeadLetterAsync(ConsumeResult<byte[], byte[]> record, string error, int attempts, CancellationToken ct)
    {
        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(DeadLetterHeaders.Error, Encoding.UTF8.GetBytes(error));
        headers.Add(DeadLetterHeaders.ConsumerGroup, Encoding.UTF8.GetBytes(_groupId));
        headers.Add(DeadLetterHeaders.Topic, Encoding.UTF8.GetBytes(record.Topic));
        headers.Add(DeadLetterHeaders.Partition, Encoding.UTF8.GetBytes(record.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.Offset, Encoding.UTF8.GetBytes(record.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.Attempts, Encoding.UTF8.GetBytes(attempts.ToString(CultureInfo.InvariantCulture)));

        var deadLetterTopic = connection.DeadLetterTopicFor(record.Topic);
        await producer.ProduceAsync(deadLetterTopic,
            new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers, Timestamp = record.Message.Timestamp },
            ct);
        metrics.DeadLettered(module.Module);
        LogDeadLettered(_groupId, record.Topic, record.Partition.Value, record.Offset.Value, deadLetterTopic, error);
    }

    private void Commit(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch)
    {
        var next = batch.GroupBy(r => r.TopicPartition)
            .Select(p => new TopicPartitionOffset(p.Key, p.Max(r => r.Offset.Value) + 1))
            .ToList();
        try
        {
            consumer.Commit(next);
        }
        catch (KafkaException e)
        {
            // The effects are committed; if the offsets are not, the records come again and the inbox skips them.
            LogCommitFailed(_groupId, e.Error.Reason);
        }
    }

    private void Rewind(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch)
    {
        foreach (var partition in batch.GroupBy(r => r.TopicPartition))
        {
            try
            {
                consumer.Seek(new TopicPartitionOffset(partition.Key, partition.Min(r => r.Offset.Value)));
            }
            catch (KafkaException)
            {
                // The partition was revoked meanwhile: its new owner starts from the last committed offset.
            }
        }
    }

    /// <summary>Records on the assigned partitions past the consumer's position, from the last fetched high watermarks (no broker call).</summary>
    private static long Lag(IConsumer<byte[], byte[]> consumer)
    {
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            if (high != Offset.Unset && position != Offset.Unset)
            {
                lag += Math.Max(0, high.Value - position.Value);
            }
        }

        return lag;
    }

    private TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(_options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)), 30_000));

    private sealed record ReceivedEvent(ConsumeResult<byte[], byte[]> Record, Type Type, object Message, Guid EventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer {Group} error {Code}: {Reason}")]
    private partial void LogConsumerError(string group, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer {Group} librdkafka {Level}: {Message}")]
    private partial void LogClient(string group, string level, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} could not finish a batch; it is read again")]
    private partial void LogBatchFailed(string group, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} failed on {EventType} {EventId} (attempt {Attempt}); retrying")]
    private partial void LogRetrying(string group, string eventType, Guid eventId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer group {Group} dead-lettered {Topic}[{Partition}]@{Offset} to {DeadLetterTopic}: {Error}")]
    private partial void LogDeadLettered(string group, string topic, int partition, long offset, string deadLetterTopic, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} could not commit offsets: {Reason}")]
    private partial void LogCommitFailed(string group, string reason);
}

/// <summary>Headers added to a record moved to a dead-letter topic, beside its original headers.</summary>
public static class DeadLetterHeaders
{
    public const string Error = "dead-letter-error";
    public const string ConsumerGroup = "dead-letter-consumer-group";
    public const string Topic = "dead-letter-topic";
    public const string Partition = "dead-letter-partition";
    public const string Offset = "dead-letter-offset";
    public const string Attempts = "dead-letter-attempts";
}
