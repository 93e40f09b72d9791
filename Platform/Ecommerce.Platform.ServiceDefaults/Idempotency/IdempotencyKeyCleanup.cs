using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Idempotency;

/// <summary>Deletes a module's expired idempotency keys now and then, a small batch at a time (an expired key is already ignored).</summary>
internal sealed partial class IdempotencyKeyCleanup<TContext>(
    IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencyKeyCleanup<TContext>> logger)
    : BackgroundService
    where TContext : QueuedWritesDbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var now = clock.GetUtcNow();
                await BatchedDelete.RunAsync(db, db.Set<IdempotencyKey>().Where(k => k.ExpiresAt <= now), BatchedDelete.DefaultBatchSize, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(typeof(TContext).Name, e);
            }

            await Task.Delay(options.Value.CleanupInterval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired idempotency keys of {Context} failed; the next pass retries")]
    private partial void LogCleanupFailed(string context, Exception exception);
}
