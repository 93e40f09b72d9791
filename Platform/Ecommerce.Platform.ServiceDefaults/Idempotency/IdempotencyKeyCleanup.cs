using Ecommerce.Platform.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Idempotency;

/// <summary>Deletes a module's expired idempotency keys (an expired key is already ignored).</summary>
internal sealed class IdempotencyKeyCleanup<TContext>(
    IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencyKeyCleanup<TContext>> logger)
    : PeriodicCleanup(clock, logger)
    where TContext : QueuedWritesDbContext
{
    protected override string What => $"idempotency keys of {typeof(TContext).Name}";

    protected override TimeSpan Interval => options.Value.CleanupInterval;

    protected override async Task CleanAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await BatchedDelete.RunAsync(db, db.Set<IdempotencyKey>().Where(k => k.ExpiresAt <= now).OrderBy(k => k.ExpiresAt), BatchedDelete.DefaultBatchSize, ct);
    }
}
