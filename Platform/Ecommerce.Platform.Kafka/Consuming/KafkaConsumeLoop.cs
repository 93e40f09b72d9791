using Confluent.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Consuming;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>
/// Consumes the topics one module subscribes to, in the module's own consumer group: takes a batch of
/// records, decodes them (<see cref="RecordDecoder"/>), applies the events in one transaction
/// (<see cref="EventApplier"/>), dead-letters what is bad (<see cref="DeadLetterPublisher"/>), and only
/// then commits the offsets: a crash replays records, and the inbox makes replays no-ops.
/// <list type="bullet">
/// <item>When the environment refuses a batch (database locked, full, read-only), every partition is
/// paused and the batch is tried again with capped backoff, for as long as it takes: nothing is
/// dead-lettered for it, and consuming resumes exactly where it stopped.</item>
/// <item>When a dead letter cannot be published, only its partition stalls, at that record, and tries
/// again later; the other partitions go on.</item>
/// <item>The loop never ends but on shutdown: a client error is logged and retried, a fatal one (or
/// anything unforeseen) builds a new client, which resumes from the committed offsets.</item>
/// </list>
/// On shutdown the batch in hand is finished and its offsets committed before the consumer leaves its group.
/// </summary>
internal sealed partial class KafkaConsumeLoop : BackgroundService
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private readonly ModuleManifest _module;
    private readonly KafkaConnection _connection;
    private readonly MessagingMetrics _metrics;
    private readonly ConsumerStatus _status;
    private readonly TimeProvider _clock;
    private readonly ILogger<KafkaConsumeLoop> _logger;
    private readonly KafkaConsumerOptions _options;
    private readonly Backoff _recordRetry;
    private readonly Backoff _environmentRetry;
    private readonly string _groupId;
    private readonly RecordDecoder _decoder;
    private readonly EventApplier _applier;
    private readonly DeadLetterPublisher _deadLetters;

    // Partitions stalled on a dead letter that could not be published, and when to try again.
    private readonly Dictionary<TopicPartition, Stall> _stalls = [];

    // Bad records whose dead letter has not gone out yet: when they come again, they go straight to it.
    private readonly Dictionary<TopicPartitionOffset, (string Error, int Attempts)> _knownBad = [];
    private bool _clientWorked;

    // Set by a rebalance that assigned partitions: the loop makes sure they flow (see ResumeAssigned).
    private bool _assigned;
    private ErrorCode _lastClientError;
    private DateTimeOffset _lastClientErrorLogged;

    public KafkaConsumeLoop(ModuleManifest module, KafkaConnection connection, MessagingMetrics metrics, ConsumerStatus status,
        IServiceProvider services, IOptions<KafkaOptions> options, TimeProvider clock, ILogger<KafkaConsumeLoop> logger)
    {
        _module = module;
        _connection = connection;
        _metrics = metrics;
        _status = status;
        _clock = clock;
        _logger = logger;
        _options = options.Value.Consumer;
        _recordRetry = new Backoff(_options.RetryDelay, TimeSpan.FromSeconds(30));
        _environmentRetry = new Backoff(_options.RetryDelay, _options.MaxRetryDelay);
        _groupId = connection.ConsumerGroupFor(module.Name);
        _decoder = new RecordDecoder(module, services.GetRequiredService<EventCatalog>(), _options.MaxRecordBytes);
        _applier = ActivatorUtilities.CreateInstance<EventApplier>(services, module, _groupId);
        _deadLetters = ActivatorUtilities.CreateInstance<DeadLetterPublisher>(services, module, _groupId);
    }

    private sealed record Stall(DateTimeOffset RetryAt, int Failures);

    // Consume() blocks its thread, so the loop gets a thread of its own instead of starving the pool.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunUntilStopped(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void RunUntilStopped(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                ConsumeWithOneClient(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A fatal client error, or anything unforeseen: the host must not die of it. A new client
                // resumes from the committed offsets; the inbox skips whatever was applied meanwhile.
                failures = _clientWorked ? 1 : failures + 1;
                LogRebuildingClient(_groupId, e);
                _metrics.ClientError(_module.Name);
                _status.ClientFailing(_clock.GetUtcNow(), e.Message);
                stoppingToken.WaitHandle.WaitOne(_environmentRetry.Delay(failures));
            }
        }
    }

    private void ConsumeWithOneClient(CancellationToken stoppingToken)
    {
        _stalls.Clear();
        _clientWorked = false;
        _status.ClientRebuilt();
        _metrics.ConsumerWaiting(_module.Name, false);
        _metrics.StalledPartitions(_module.Name, 0);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(_connection.ConsumerConfig(_groupId))
            .SetErrorHandler((_, error) => OnClientError(error))
            .SetLogHandler((_, log) => LogClient(_groupId, log.Level.ToString(), log.Message))
            .SetPartitionsAssignedHandler((_, _) => _assigned = true)
            .SetPartitionsRevokedHandler((_, revoked) => Forget(revoked.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, lost) => Forget(lost.Select(p => p.TopicPartition)))
            .Build();
        consumer.Subscribe(_module.ConsumedStreams.Select(_connection.TopicFor));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ResumeAssigned(consumer);
                ResumeDueStalls(consumer);
                var batch = NextBatch(consumer);
                if (batch.Count > 0)
                {
                    _clientWorked = true;
                    _status.ClientWorking();
                    Handle(consumer, batch, stoppingToken);
                }
            }
        }
        finally
        {
            try
            {
                consumer.Close(); // leaves the group now, so its partitions move without waiting for the session timeout
            }
            catch (KafkaException e)
            {
                LogCloseFailed(_groupId, e.Error.Reason);
            }
        }
    }

    /// <summary>Waits a moment for a first record, then takes whatever else has already arrived.</summary>
    private List<ConsumeResult<byte[], byte[]>> NextBatch(IConsumer<byte[], byte[]> consumer)
    {
        var batch = new List<ConsumeResult<byte[], byte[]>>();
        if (Poll(consumer, PollTimeout) is not { } first)
        {
            return batch;
        }

        batch.Add(first);
        while (batch.Count < _options.MaxBatchSize && Poll(consumer, TimeSpan.Zero) is { } next)
        {
            batch.Add(next);
        }

        return batch;
    }

    /// <summary>One record, or none. A non-fatal client error is reported and answered with none; a fatal one throws.</summary>
    private ConsumeResult<byte[], byte[]>? Poll(IConsumer<byte[], byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout) is { IsPartitionEOF: false } record ? record : null;
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // E.g. a subscribed topic does not exist yet, or is not authorised: keep polling; readiness shows it.
            OnClientError(e.Error);
            return null;
        }
    }

    private void Handle(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch, CancellationToken stoppingToken)
    {
        var decoded = new List<(ConsumeResult<byte[], byte[]> Record, ReceivedEvent Event)>(batch.Count);
        var bad = new List<(ConsumeResult<byte[], byte[]> Record, string Error, int Attempts)>();
        foreach (var record in batch)
        {
            if (_knownBad.TryGetValue(record.TopicPartitionOffset, out var known))
            {
                bad.Add((record, known.Error, known.Attempts));
            }
            else
            {
                var result = _decoder.Decode(record);
                if (result.Event is { } @event)
                {
                    decoded.Add((record, @event));
                }
                else if (result.Error is { } error)
                {
                    bad.Add((record, error, 0));
                }
                else if (result.UnknownType is { } unknown)
                {
                    SkipUnknown(unknown, record);
                }
            }
        }

        // Bad records go first: a partition whose dead letter does not go out stalls there, and the
        // events behind it wait with it.
        var stalledAt = new Dictionary<TopicPartition, long>();
        DeadLetter(bad, stalledAt);
        var events = decoded.Where(d => !stalledAt.TryGetValue(d.Record.TopicPartition, out var stall) || d.Record.Offset.Value < stall).ToList();

        // Not cancelled by shutdown: a batch once taken is finished (bounded by the retries of bad records).
        var toApply = events.ConvertAll(d => d.Event);
        var applied = _applier.ApplyAsync(toApply, _options.MaxAttempts, _recordRetry, CancellationToken.None).GetAwaiter().GetResult();
        if (applied.EnvironmentFailure is not null && !WaitOutTheEnvironment(consumer, toApply, ref applied, stoppingToken))
        {
            return; // shutting down while waiting: nothing committed, the records are consumed again
        }

        // Rejections are rare; find each one's record by reference (one event may come twice in a batch, equal in value).
        DeadLetter([.. applied.Rejected.Select(r => (events.First(d => ReferenceEquals(d.Event, r.Event)).Record, $"{r.Error.GetType().Name}: {r.Error.Message}", r.Attempts))], stalledAt);
        Commit(consumer, batch, stalledAt);
        foreach (var (partition, offset) in stalledAt)
        {
            StallAt(consumer, partition, offset);
        }

        _metrics.ConsumerLag(_module.Name, Lag(consumer));
    }

    /// <summary>
    /// Pauses every partition and applies the batch again, with capped backoff, until the environment
    /// takes it. Keeps polling meanwhile, so the consumer keeps its place in the group.
    /// </summary>
    /// <returns>False when the host stops first.</returns>
    private bool WaitOutTheEnvironment(IConsumer<byte[], byte[]> consumer, List<ReceivedEvent> events, ref AppliedBatch applied, CancellationToken stoppingToken)
    {
        // Where each partition stands: pausing drops what librdkafka had fetched ahead, so consuming
        // resumes from these positions explicitly rather than from wherever the fetcher had got to.
        var positions = consumer.Assignment.Select(p => new TopicPartitionOffset(p, consumer.Position(p))).Where(p => p.Offset != Offset.Unset).ToList();
        consumer.Pause(consumer.Assignment);
        _metrics.ConsumerWaiting(_module.Name, true);
        LogWaitingForEnvironment(_groupId, events.Count, applied.EnvironmentFailure!.GetBaseException().Message);
        for (var failures = 1; applied.EnvironmentFailure is { } failure; failures++)
        {
            _metrics.EnvironmentFailed(_module.Name);
            _status.WaitingOnEnvironment(_clock.GetUtcNow(), failure.GetBaseException().Message);
            if (!KeepPolling(consumer, _environmentRetry.Delay(failures), stoppingToken))
            {
                return false;
            }

            applied = _applier.ApplyAsync(events, _options.MaxAttempts, _recordRetry, CancellationToken.None).GetAwaiter().GetResult();
        }

        _status.EnvironmentRecovered();
        _metrics.ConsumerWaiting(_module.Name, false);
        var assigned = consumer.Assignment.ToHashSet();
        foreach (var position in positions.Where(p => assigned.Contains(p.TopicPartition) && !_stalls.ContainsKey(p.TopicPartition)))
        {
            consumer.Seek(position);
        }

        consumer.Resume(assigned.Where(p => !_stalls.ContainsKey(p)));
        LogEnvironmentRecovered(_groupId);
        return true;
    }

    /// <summary>
    /// Polls for <paramref name="delay"/> while partitions are paused. A record can still arrive from a
    /// partition assigned meanwhile: it is put back and its partition paused too.
    /// </summary>
    private bool KeepPolling(IConsumer<byte[], byte[]> consumer, TimeSpan delay, CancellationToken stoppingToken)
    {
        var until = _clock.GetUtcNow() + delay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var left = until - _clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return true;
            }

            if (Poll(consumer, left < PollTimeout ? left : PollTimeout) is { } record)
            {
                consumer.Seek(record.TopicPartitionOffset);
                consumer.Pause([record.TopicPartition]);
            }
        }

        return false;
    }

    /// <summary>Publishes the dead letters; notes in <paramref name="stalledAt"/>, per partition, the first record whose dead letter did not go out.</summary>
    /// <summary>
    /// A type nobody here knows (a newer producer's event, a misrouted record) is skipped, as a reader of
    /// a shared topic must, but never silently: it is counted, shown by readiness and logged once per type.
    /// </summary>
    private void SkipUnknown(string type, ConsumeResult<byte[], byte[]> record)
    {
        var (countedAs, first) = _status.UnknownTypeSkipped(type);
        _metrics.UnknownEventType(_module.Name, countedAs);
        if (first)
        {
            LogUnknownType(_groupId, countedAs, Name(record.TopicPartition), record.Offset.Value);
        }
    }

    private void DeadLetter(List<(ConsumeResult<byte[], byte[]> Record, string Error, int Attempts)> bad, Dictionary<TopicPartition, long> stalledAt)
    {
        foreach (var (record, error, attempts) in bad.OrderBy(b => b.Record.Partition.Value).ThenBy(b => b.Record.Offset.Value))
        {
            var partition = record.TopicPartition;
            if (stalledAt.TryGetValue(partition, out var stall) && stall < record.Offset.Value)
            {
                _knownBad[record.TopicPartitionOffset] = (error, attempts); // behind the stall: its turn comes after
                continue;
            }

            try
            {
                _deadLetters.PublishAsync(record, error, attempts, CancellationToken.None).GetAwaiter().GetResult();
                _knownBad.Remove(record.TopicPartitionOffset);
                if (_stalls.Remove(partition))
                {
                    _status.PartitionFlowing(Name(partition));
                    _metrics.StalledPartitions(_module.Name, _stalls.Count);
                    LogPartitionFlowing(_groupId, Name(partition));
                }
            }
            catch (Exception e)
            {
                _knownBad[record.TopicPartitionOffset] = (error, attempts);
                stalledAt[partition] = Math.Min(record.Offset.Value, stalledAt.GetValueOrDefault(partition, long.MaxValue));
                LogDeadLetterFailed(_groupId, Name(partition), record.Offset.Value, e.Message);
                _status.PartitionStalled(Name(partition), _clock.GetUtcNow(), $"dead letter of offset {record.Offset.Value} not published: {e.Message}");
            }
        }
    }

    /// <summary>Rewinds a partition to the record whose dead letter did not go out, and pauses it until its next try.</summary>
    private void StallAt(IConsumer<byte[], byte[]> consumer, TopicPartition partition, long offset)
    {
        var failures = (_stalls.GetValueOrDefault(partition)?.Failures ?? 0) + 1;
        _stalls[partition] = new Stall(_clock.GetUtcNow() + _environmentRetry.Delay(failures), failures);
        consumer.Seek(new TopicPartitionOffset(partition, offset));
        consumer.Pause([partition]);
        _metrics.StalledPartitions(_module.Name, _stalls.Count);
    }

    /// <summary>
    /// After a rebalance, every assigned partition that is not stalled flows. A partition paused while
    /// waiting for the environment, taken by another instance and later given back, would otherwise
    /// come back paused (librdkafka keeps the pause), and nobody would ever resume it.
    /// </summary>
    private void ResumeAssigned(IConsumer<byte[], byte[]> consumer)
    {
        if (_assigned)
        {
            _assigned = false;
            consumer.Resume(consumer.Assignment.Where(p => !_stalls.ContainsKey(p)));
        }
    }

    private void ResumeDueStalls(IConsumer<byte[], byte[]> consumer)
    {
        var now = _clock.GetUtcNow();
        foreach (var (partition, _) in _stalls.Where(s => s.Value.RetryAt <= now).ToList())
        {
            // The partition delivers the stalled record again; being known bad, it goes straight to its dead letter.
            // The stall entry stays until that succeeds, to keep counting failures.
            _stalls[partition] = _stalls[partition] with { RetryAt = DateTimeOffset.MaxValue };
            consumer.Resume([partition]);
        }
    }

    /// <summary>Partitions revoked or lost in a rebalance are someone else's now, stalls included.</summary>
    private void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_stalls.Remove(partition))
            {
                _status.PartitionFlowing(Name(partition));
            }

            foreach (var known in _knownBad.Keys.Where(k => k.TopicPartition == partition).ToList())
            {
                _knownBad.Remove(known);
            }
        }

        _metrics.StalledPartitions(_module.Name, _stalls.Count);
    }

    /// <summary>Commits each partition of the batch past its last record, or up to its stalled record.</summary>
    private void Commit(IConsumer<byte[], byte[]> consumer, List<ConsumeResult<byte[], byte[]>> batch, Dictionary<TopicPartition, long> stalledAt)
    {
        var next = batch.GroupBy(r => r.TopicPartition)
            .Select(p => new TopicPartitionOffset(p.Key, stalledAt.TryGetValue(p.Key, out var stalled) ? stalled : p.Max(r => r.Offset.Value) + 1))
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

    private void OnClientError(Error error)
    {
        _metrics.ClientError(_module.Name);
        var now = _clock.GetUtcNow();
        _status.ClientFailing(now, $"{error.Code}: {error.Reason}");
        // librdkafka repeats an error as long as it lasts: log it when it changes, and once a minute while it lasts.
        if (error.Code != _lastClientError || now - _lastClientErrorLogged > TimeSpan.FromMinutes(1))
        {
            _lastClientError = error.Code;
            _lastClientErrorLogged = now;
            LogClientError(_groupId, error.Code, error.Reason);
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

    private static string Name(TopicPartition partition) => $"{partition.Topic}[{partition.Partition.Value}]";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer {Group} error {Code}: {Reason}; retrying")]
    private partial void LogClientError(string group, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer {Group} librdkafka {Level}: {Message}")]
    private partial void LogClient(string group, string level, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer group {Group} lost its Kafka client; building a new one")]
    private partial void LogRebuildingClient(string group, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} could not leave its group cleanly: {Reason}")]
    private partial void LogCloseFailed(string group, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Consumer group {Group}: the environment refused a batch of {Count} events ({Reason}); consuming is paused and the batch is retried until it is taken")]
    private partial void LogWaitingForEnvironment(string group, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer group {Group}: the environment took the batch again; consuming resumes")]
    private partial void LogEnvironmentRecovered(string group);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Consumer group {Group} skips records of type '{Type}', which this build does not know (first at {Partition}@{Offset}); logged once per type, counted in ecommerce.consumer.unknown_types")]
    private partial void LogUnknownType(string group, string type, string partition, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer group {Group} could not dead-letter {Partition}@{Offset} ({Reason}); that partition waits and tries again")]
    private partial void LogDeadLetterFailed(string group, string partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer group {Group}: partition {Partition} flows again")]
    private partial void LogPartitionFlowing(string group, string partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} could not commit offsets: {Reason}")]
    private partial void LogCommitFailed(string group, string reason);
}
