using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// How many events wait in a module's outbox, and since when; how many are parked, and why the first
/// was: what readiness and the gauges report.
/// </summary>
public sealed record OutboxBacklog(int Pending, TimeSpan OldestAge, int Parked, string? ParkedError);

public sealed class OutboxMonitor(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Reads the backlog (the queries use the pending-rows and parked-rows indexes).</summary>
    public OutboxBacklog Read(ModuleManifest module)
    {
        using var scope = scopes.CreateScope();
        var outbox = module.DbContextIn(scope.ServiceProvider).Set<OutboxMessage>().AsNoTracking();
        var pending = outbox.Where(m => m.DispatchedAt == null && m.ParkedAt == null);
        var oldest = pending.OrderBy(m => m.Sequence).Select(m => (DateTimeOffset?)m.OccurredAt).FirstOrDefault();
        var age = oldest is { } occurredAt ? clock.GetUtcNow() - occurredAt : TimeSpan.Zero;
        var parked = outbox.Where(m => m.ParkedAt != null && m.DispatchedAt == null);
        var parkedCount = parked.Count();
        var firstParked = parkedCount == 0 ? null : parked.OrderBy(m => m.Sequence).Select(m => new { m.Sequence, m.Type, m.LastError }).First();
        return new OutboxBacklog(pending.Count(), age < TimeSpan.Zero ? TimeSpan.Zero : age, parkedCount,
            firstParked is null ? null : $"event {firstParked.Sequence} ({firstParked.Type}): {firstParked.LastError}");
    }
}
