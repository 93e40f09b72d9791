using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// A cleanup that deletes what has expired now and then, in small batches (<see cref="BatchedDelete"/>).
/// A pass that fails (the database busy or away) is logged and the next pass tries again: a cleanup
/// never stops the host.
/// </summary>
public abstract partial class PeriodicCleanup(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What it deletes, for the log: e.g. "Users inbox rows".</summary>
    protected abstract string What { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass: deletes whatever has expired by now.</summary>
    protected abstract Task CleanAsync(DateTimeOffset now, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CleanAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(logger, What, e);
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired {What} failed; the next pass retries")]
    private static partial void LogCleanupFailed(ILogger logger, string what, Exception exception);
}
