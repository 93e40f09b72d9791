using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Deletes one module's dispatched outbox rows once they are older than <see cref="OutboxOptions.DispatchedRetention"/>
/// (kept until then for inspection), a small batch at a time. Pending and parked rows are never touched.
/// </summary>
internal sealed partial class OutboxCleanup(
    ModuleManifest module,
    IServiceScopeFactory scopes,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = module.DbContextIn(scope.ServiceProvider);
                var cutoff = clock.GetUtcNow() - options.Value.DispatchedRetention;
                await BatchedDelete.RunAsync(db, db.Set<OutboxMessage>().Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff),
                    BatchedDelete.DefaultBatchSize, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(module.Name, e);
            }

            await Task.Delay(options.Value.CleanupInterval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting dispatched {Module} outbox rows failed; the next cleanup retries")]
    private partial void LogCleanupFailed(string module, Exception exception);
}
