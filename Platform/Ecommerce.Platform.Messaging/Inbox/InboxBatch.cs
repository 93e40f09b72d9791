using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Platform.Messaging.Inbox;

/// <summary>
/// Which of a batch's events the module's consumers already applied, read in one query inside the
/// batch's transaction, so <see cref="InboxFilter{TConsumer}"/> need not ask the database once per event.
/// One per scope, so one per batch (and per retry of it). An event the batch did not announce (the
/// in-memory bus applies one message per scope) is looked up by the filter on its own.
/// </summary>
internal sealed class InboxBatch
{
    // Keeps each query's parameter list well under the databases' limits, whatever the batch size.
    private const int IdsPerQuery = 1000;

    private readonly HashSet<Guid> _read = [];
    private readonly HashSet<(Guid EventId, string Consumer)> _handled = [];

    public async Task ReadAsync(DbContext db, IEnumerable<Guid> eventIds, CancellationToken ct)
    {
        foreach (var ids in eventIds.Distinct().Chunk(IdsPerQuery))
        {
            var handled = await db.Set<InboxMessage>().AsNoTracking()
                .Where(m => ids.Contains(m.EventId))
                .Select(m => new { m.EventId, m.Consumer })
                .ToListAsync(ct);
            _handled.UnionWith(handled.Select(h => (h.EventId, h.Consumer)));
            _read.UnionWith(ids);
        }
    }

    /// <summary>Whether <paramref name="consumer"/> applied the event; null when the batch did not read it.</summary>
    public bool? Handled(Guid eventId, string consumer) => _read.Contains(eventId) ? _handled.Contains((eventId, consumer)) : null;
}
