using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Moves one module's committed outbox rows to the transport, in sequence order: an aggregate's later
/// event is always written after its earlier one committed, so it has the larger sequence, on either
/// provider (on PostgreSQL, unrelated rows may commit out of sequence; a later pass finds them). Woken by the commit
/// signal, with a slow poll as fallback. A row is marked dispatched only after the broker acknowledged
/// it, so a crash at any point re-sends rather than loses. Each acknowledged row is marked, so none is
/// sent twice by the relay. While sends fail (broker down) it backs off exponentially; the API keeps
/// writing and rows wait. A row the broker refuses as it is (too large, invalid) is counted, and parked
/// after <see cref="OutboxOptions.MaxAttempts"/>; the rows behind it flow, except its own aggregate's,
/// which wait so they never overtake it. One relay per module database runs at a time, whatever the
/// number of host instances: the one holding the module's <see cref="RelayLease"/>; the others wake it
/// for their commits (<see cref="OutboxWakeUps"/>) and take over within a lease duration if it dies.
/// On shutdown a batch in flight is finished and marked, and once the web server has stopped (no more
/// requests can commit) the relay sends what is left, so a graceful restart sends nothing twice.
/// </summary>
internal sealed partial class OutboxRelay(
    ModuleManifest module,
    OutboxWakeUps wakeUps,
    IServiceScopeFactory scopes,
    IOutboxTransport transport,
    MessagingMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService, IHostedLifecycleService
{
    private readonly OutboxOptions _options = options.Value;
    private readonly Backoff _backoff = new(options.Value.RetryDelay, options.Value.MaxRetryDelay);
    private readonly RelayLease _lease = new(module, scopes, clock, options.Value.LeaseDuration);

    // One pass at a time: the final drain must not read rows the loop is still sending.
    private readonly SemaphoreSlim _pass = new(1, 1);
    private int _drained;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            RelayedBatch batch;
            try
            {
                if (wakeUps.TakeReleaseNotice())
                {
                    _lease.TryAgainNow();
                }

                if (!await _lease.HoldAsync(stoppingToken))
                {
                    // Another instance relays this module's outbox: wake it for what was committed here.
                    if (module.Signal.TakeCommitsHere())
                    {
                        await wakeUps.WakeTheRelayAsync(stoppingToken);
                    }

                    await module.Signal.WaitAsync(_options.PollInterval, stoppingToken);
                    continue;
                }

                batch = await RelayBatchAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(module.Name, e);
                batch = RelayedBatch.Failed;
            }

            if (batch.NotDelivered > 0)
            {
                metrics.RelayFailed(module.Name);
                failures++;
                await Task.Delay(_backoff.Delay(failures), clock, stoppingToken);
                continue;
            }

            failures = 0;
            if (batch.Read == _options.BatchSize)
            {
                continue; // more rows are waiting
            }

            await module.Signal.WaitAsync(_options.PollInterval, stoppingToken);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every hosted service, the web server included, has stopped.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _drained, 1) == 1)
        {
            return; // a host may report stopping twice
        }

        try
        {
            if (!_lease.Held)
            {
                return; // another instance relays this outbox, and sends what this one committed
            }

            RelayedBatch batch;
            do
            {
                batch = await RelayBatchAsync(cancellationToken);
            }
            while (batch.Delivered > 0 && batch.NotDelivered == 0 && !cancellationToken.IsCancellationRequested);
            // Another instance takes over now, not once the lease expires.
            await _lease.ReleaseAsync(cancellationToken);
            await wakeUps.AnnounceReleaseAsync(cancellationToken);
        }
        catch (Exception e)
        {
            LogFinalDrainFailed(module.Name, e); // what is left is sent at the next start, or by another instance
        }
    }

    /// <param name="ct">Cancels the read only: a batch once sent is always awaited and marked.</param>
    private async Task<RelayedBatch> RelayBatchAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            return await RelayPendingAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<RelayedBatch> RelayPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = module.DbContextIn(scope.ServiceProvider);
        var outbox = db.Set<OutboxMessage>();
        // An aggregate with a parked event waits for the operator: its later events must not overtake it.
        // Usually there is none, and the question costs one look at an empty index.
        var parkedKeys = await outbox.Where(m => m.ParkedAt != null && m.DispatchedAt == null).Select(m => m.Key).Distinct().ToListAsync(ct);
        var waiting = outbox.AsNoTracking().Where(m => m.DispatchedAt == null && m.ParkedAt == null);
        if (parkedKeys.Count > 0)
        {
            waiting = waiting.Where(m => !parkedKeys.Contains(m.Key));
        }

        var pending = await waiting.OrderBy(m => m.Sequence).Take(_options.BatchSize).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return RelayedBatch.Empty;
        }

        var results = await transport.SendAsync(module.Stream, pending, CancellationToken.None);
        var delivered = pending.Where((_, i) => results[i].Status == SendStatus.Delivered).Select(m => m.Sequence).ToList();
        var rejected = pending.Select((row, i) => (Row: row, Result: results[i])).Where(r => r.Result.Status == SendStatus.Rejected).ToList();
        var now = clock.GetUtcNow();
        await db.WriteAsync(async token =>
        {
            foreach (var (first, last) in Ranges(delivered))
            {
                await outbox.Where(m => m.Sequence >= first && m.Sequence <= last && m.DispatchedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now), token);
            }

            foreach (var (row, result) in rejected)
            {
                var attempts = row.Attempts + 1;
                DateTimeOffset? parkedAt = attempts >= _options.MaxAttempts ? now : null;
                var error = Truncate(result.Error ?? "refused by the broker");
                await outbox.Where(m => m.Sequence == row.Sequence)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error).SetProperty(m => m.ParkedAt, parkedAt), token);
                if (parkedAt is not null)
                {
                    LogParked(module.Name, row.Sequence, row.Type, row.Key, attempts, error);
                }
            }

            return 0;
        }, CancellationToken.None);

        metrics.Relayed(module.Name, delivered.Count);
        metrics.Rejected(module.Name, rejected.Count);
        return new RelayedBatch(pending.Count, delivered.Count, results.Count(r => r.Status is SendStatus.Failed or SendStatus.Rejected));
    }

    /// <summary>Consecutive runs of sequence numbers, so marking a whole delivered batch is one statement.</summary>
    private static IEnumerable<(long First, long Last)> Ranges(List<long> sequences)
    {
        for (var i = 0; i < sequences.Count;)
        {
            var j = i;
            while (j + 1 < sequences.Count && sequences[j + 1] == sequences[j] + 1)
            {
                j++;
            }

            yield return (sequences[i], sequences[j]);
            i = j + 1;
        }
    }

    private static string Truncate(string error) => error.Length <= 2000 ? error : error[..2000];

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Module} outbox relay failed; it will retry with backoff")]
    private partial void LogRelayFailed(string module, Exception exception);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The {Module} outbox parked event {Sequence} ({Type}, key {Key}) after {Attempts} refusals: {Error}. Later events of that key wait; retry or skip it with: dead-letters retry|skip --module {Module} --sequence {Sequence}")]
    private partial void LogParked(string module, long sequence, string type, string key, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Module} outbox relay could not send its last events while stopping; they are sent at the next start")]
    private partial void LogFinalDrainFailed(string module, Exception exception);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    /// <param name="Read">Pending rows read (a full batch means more are waiting).</param>
    /// <param name="Delivered">Rows the broker acknowledged, now marked.</param>
    /// <param name="NotDelivered">Rows that failed or were refused: the relay backs off before trying again.</param>
    private readonly record struct RelayedBatch(int Read, int Delivered, int NotDelivered)
    {
        public static readonly RelayedBatch Empty = new(0, 0, 0);
        public static readonly RelayedBatch Failed = new(0, 0, 1);
    }
}
