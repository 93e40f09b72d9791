using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Deletes one module's dispatched outbox rows once they are older than <see cref="OutboxOptions.DispatchedRetention"/>
/// (kept until then for inspection). Pending and parked rows are never touched.
/// </summary>
internal sealed class OutboxCleanup(
    ModuleManifest module, IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxCleanup> logger)
    : PeriodicCleanup(clock, logger)
{
    protected override string What => $"dispatched {module.Name} outbox rows";

    protected override TimeSpan Interval => options.Value.CleanupInterval;

    protected override async Task CleanAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = module.DbContextIn(scope.ServiceProvider);
        var cutoff = now - options.Value.DispatchedRetention;
        await BatchedDelete.RunAsync(db, db.Set<OutboxMessage>().Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff).OrderBy(m => m.Sequence), BatchedDelete.DefaultBatchSize, ct);
    }
}
