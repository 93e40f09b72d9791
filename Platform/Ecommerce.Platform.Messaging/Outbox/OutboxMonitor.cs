using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>How many events wait in a module's outbox, and since when: what readiness and the gauges report.</summary>
public sealed record OutboxBacklog(int Pending, TimeSpan OldestAge);

public sealed class OutboxMonitor(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Reads the backlog (both queries use the pending-rows index).</summary>
    public OutboxBacklog Read(ModuleManifest module)
    {
        using var scope = scopes.CreateScope();
        var pending = module.DbContextIn(scope.ServiceProvider).Set<OutboxMessage>().AsNoTracking().Where(m => m.DispatchedAt == null);
        var oldest = pending.OrderBy(m => m.Sequence).Select(m => (DateTimeOffset?)m.OccurredAt).FirstOrDefault();
        var age = oldest is { } occurredAt ? clock.GetUtcNow() - occurredAt : TimeSpan.Zero;
        return new OutboxBacklog(pending.Count(), age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }
}
