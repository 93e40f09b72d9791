using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// What an operator can do with outbox events the broker refused too often (<see cref="OutboxMessage.ParkedAt"/>):
/// list them, send them again, or skip them. Used by the host's <c>dead-letters</c> command.
/// </summary>
public static class ParkedEvents
{
    public static Task<List<OutboxMessage>> ListAsync(ModuleDbContext db, CancellationToken ct) =>
        db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ParkedAt != null && m.DispatchedAt == null).OrderBy(m => m.Sequence).ToListAsync(ct);

    /// <summary>Gives a parked event (or all of them) back to the relay, with its attempts reset.</summary>
    /// <returns>How many were given back.</returns>
    public static Task<int> RetryAsync(ModuleDbContext db, long? sequence, CancellationToken ct) =>
        db.WriteAsync(token => Parked(db, sequence).ExecuteUpdateAsync(set => set.SetProperty(m => m.ParkedAt, (DateTimeOffset?)null).SetProperty(m => m.Attempts, 0), token), ct);

    /// <summary>
    /// Gives up on a parked event: it is marked dispatched without being sent, and the events of its
    /// aggregate behind it flow again. It stays in the outbox (parked time and error kept) until retention.
    /// </summary>
    public static Task<int> SkipAsync(ModuleDbContext db, long sequence, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(token => Parked(db, sequence).ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now), token), ct);

    private static IQueryable<OutboxMessage> Parked(ModuleDbContext db, long? sequence)
    {
        var parked = db.Set<OutboxMessage>().Where(m => m.ParkedAt != null && m.DispatchedAt == null);
        return sequence is { } only ? parked.Where(m => m.Sequence == only) : parked;
    }
}
