using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Inbox;

/// <summary>Deletes one module's inbox rows older than <see cref="InboxOptions.Retention"/>, in small batches.</summary>
internal sealed partial class InboxCleanup(
    ModuleManifest module,
    IServiceScopeFactory scopes,
    IOptions<InboxOptions> options,
    TimeProvider clock,
    ILogger<InboxCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = module.DbContextIn(scope.ServiceProvider);
                var cutoff = clock.GetUtcNow() - options.Value.Retention;
                await BatchedDelete.RunAsync(db, db.Set<InboxMessage>().Where(m => m.HandledAt < cutoff), BatchedDelete.DefaultBatchSize, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(module.Name, e);
            }

            await Task.Delay(options.Value.CleanupInterval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired {Module} inbox rows failed; the next cleanup retries")]
    private partial void LogCleanupFailed(string module, Exception exception);
}
