using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Moves one module's committed outbox rows to the transport, in commit order. Woken by the commit
/// signal, with a slow poll as fallback. A row is marked dispatched only after the broker acknowledged
/// it, so a crash at any point re-sends rather than loses. While sends fail (broker down) it backs off
/// exponentially; the API keeps writing and rows wait. One relay per module database.
/// On shutdown a batch in flight is finished and marked, and once the web server has stopped (no more
/// requests can commit) the relay sends what is left, so a graceful restart sends nothing twice.
/// </summary>
internal sealed partial class OutboxRelay(
    ModuleManifest module,
    IServiceScopeFactory scopes,
    IOutboxTransport transport,
    MessagingMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService, IHostedLifecycleService
{
    private readonly OutboxOptions _options = options.Value;
    private readonly Backoff _backoff = new(options.Value.RetryDelay, options.Value.MaxRetryDelay);

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
                batch = await RelayBatchAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(module.Name, e);
                batch = RelayedBatch.Failed;
            }

            if (batch.Delivered < batch.Read)
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
            RelayedBatch batch;
            do
            {
                batch = await RelayBatchAsync(cancellationToken);
            }
            while (batch.Read > 0 && batch.Delivered == batch.Read && !cancellationToken.IsCancellationRequested);
        }
        catch (Exception e)
        {
            LogFinalDrainFailed(module.Name, e); // what is left is sent at the next start
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
        var pending = await outbox.AsNoTracking()
            .Where(m => m.DispatchedAt == null)
            .OrderBy(m => m.Sequence)
            .Take(_options.BatchSize)
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return RelayedBatch.Empty;
        }

        var delivered = await transport.SendAsync(module.Stream, pending, CancellationToken.None);
        if (delivered > 0)
        {
            // Rows commit in sequence order, so the delivered ones are exactly this range.
            var first = pending[0].Sequence;
            var last = pending[delivered - 1].Sequence;
            var now = clock.GetUtcNow();
            await db.WriteAsync(token => outbox
                .Where(m => m.Sequence >= first && m.Sequence <= last && m.DispatchedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now), token), CancellationToken.None);
            metrics.Relayed(module.Name, delivered);
        }

        return new RelayedBatch(pending.Count, delivered);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Module} outbox relay failed; it will retry with backoff")]
    private partial void LogRelayFailed(string module, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Module} outbox relay could not send its last events while stopping; they are sent at the next start")]
    private partial void LogFinalDrainFailed(string module, Exception exception);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    private readonly record struct RelayedBatch(int Read, int Delivered)
    {
        public static readonly RelayedBatch Empty = new(0, 0);
        public static readonly RelayedBatch Failed = new(1, 0);
    }
}
