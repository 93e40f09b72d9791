using Confluent.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Consuming;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>
/// Consumes the topics one module subscribes to, in the module's own consumer group: takes a batch of
/// records, decodes them (<see cref="RecordDecoder"/>), applies the events in one transaction
/// (<see cref="EventApplier"/>), dead-letters what cannot be applied (<see cref="DeadLetterPublisher"/>),
/// and only then commits the offsets: a crash replays records, and the inbox makes replays no-ops.
/// On shutdown the batch in hand is finished and its offsets committed before the consumer leaves its group.
/// </summary>
internal sealed partial class KafkaConsumeLoop : BackgroundService
{
    private readonly ModuleManifest _module;
    private readonly KafkaConnection _connection;
    private readonly MessagingMetrics _metrics;
    private readonly ILogger<KafkaConsumeLoop> _logger;
    private readonly KafkaConsumerOptions _options;
    private readonly Backoff _backoff;
    private readonly string _groupId;
    private readonly RecordDecoder _decoder;
    private readonly EventApplier _applier;
    private readonly DeadLetterPublisher _deadLetters;

    public KafkaConsumeLoop(ModuleManifest module, KafkaConnection connection, MessagingMetrics metrics, IServiceProvider services,
        IOptions<KafkaOptions> options, ILogger<KafkaConsumeLoop> logger)
    {
        _module = module;
        _connection = connection;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value.Consumer;
        _backoff = new Backoff(_options.RetryDelay, TimeSpan.FromSeconds(30));
        _groupId = connection.ConsumerGroupFor(module.Name);
        _decoder = new RecordDecoder(module, _options.MaxRecordBytes);
        _applier = ActivatorUtilities.CreateInstance<EventApplier>(services, module, _groupId);
        _deadLetters = ActivatorUtilities.CreateInstance<DeadLetterPublisher>(services, module, _groupId);
    }

    // Consume() blocks its thread, so the loop gets a thread of its own instead of starving the pool.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ConsumeLoop(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ConsumeLoop(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(_connection.ConsumerConfig(_groupId))
            .SetErrorHandler((_, error) => LogConsumerError(_groupId, error.Code, error.Reason))
            .SetLogHandler((_, log) => LogClient(_groupId, log.Level.ToString(), log.Message))
            .Build();
        consumer.Subscribe(_module.ConsumedStreams.Select(_connection.TopicFor));
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
                    stoppingToken.WaitHandle.WaitOne(_backoff.Delay(failures));
                    continue;
                }

                Commit(consumer, batch);
                _metrics.ConsumerLag(_module.Name, Lag(consumer));
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
        var records = new List<ConsumeResult<byte[], byte[]>>(batch.Count);
        foreach (var record in batch)
        {
            var decoded = _decoder.Decode(record);
            if (decoded.Event is { } @event)
            {
                events.Add(@event);
                records.Add(record);
            }
            else if (decoded.Error is { } error)
            {
                await _deadLetters.PublishAsync(record, error, attempts: 0, ct);
            }
        }

        foreach (var failed in await _applier.ApplyAsync(events, _options.MaxAttempts, _backoff, ct))
        {
            var record = records[events.IndexOf(failed.Event)];
            await _deadLetters.PublishAsync(record, $"{failed.Error.GetType().Name}: {failed.Error.Message}", failed.Attempts, ct);
        }
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

    private static void Rewind(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer {Group} error {Code}: {Reason}")]
    private partial void LogConsumerError(string group, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer {Group} librdkafka {Level}: {Message}")]
    private partial void LogClient(string group, string level, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} could not finish a batch; it is read again")]
    private partial void LogBatchFailed(string group, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} could not commit offsets: {Reason}")]
    private partial void LogCommitFailed(string group, string reason);
}
