using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Inbox;

/// <summary>Deletes one module's inbox rows older than <see cref="InboxOptions.Retention"/>.</summary>
internal sealed class InboxCleanup(
    ModuleManifest module, IServiceScopeFactory scopes, IOptions<InboxOptions> options, TimeProvider clock, ILogger<InboxCleanup> logger)
    : PeriodicCleanup(clock, logger)
{
    protected override string What => $"{module.Name} inbox rows";

    protected override TimeSpan Interval => options.Value.CleanupInterval;

    protected override async Task CleanAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = module.DbContextIn(scope.ServiceProvider);
        var cutoff = now - options.Value.Retention;
        await BatchedDelete.RunAsync(db, db.Set<InboxMessage>().Where(m => m.HandledAt < cutoff).OrderBy(m => m.HandledAt), BatchedDelete.DefaultBatchSize, ct);
    }
}
