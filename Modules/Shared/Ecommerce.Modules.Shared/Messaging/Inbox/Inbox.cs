using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Shared.Messaging.Inbox;

public static class Inbox
{
    /// <summary>
    /// Records that <paramref name="consumer"/> applies event <paramref name="eventId"/>, without saving:
    /// the transport saves it with the consumer's effects, in one transaction. Returns false when the
    /// event was already applied (or is in the unit of work already): the caller then does nothing. Two
    /// racing deliveries both pass the check, but the inbox's primary key lets only one of them commit;
    /// the other's whole transaction fails and is retried as a no-op.
    /// </summary>
    public static async Task<bool> TryStartHandlingAsync<TContext>(
        this TContext db, Guid eventId, string consumer, DateTimeOffset now, CancellationToken ct)
        where TContext : DbContext
    {
        var inbox = db.Set<InboxMessage>();
        if (inbox.Local.FindEntryUntyped([eventId, consumer]) is not null || await Handled<TContext>.Query(db, eventId, consumer, ct))
        {
            return false;
        }

        inbox.Add(new InboxMessage { EventId = eventId, Consumer = consumer, HandledAt = now });
        return true;
    }

    // Compiled once per module's context: consumers run this for every event.
    private static class Handled<TContext>
        where TContext : DbContext
    {
        public static readonly Func<TContext, Guid, string, CancellationToken, Task<bool>> Query = EF.CompileAsyncQuery(
            (TContext db, Guid eventId, string consumer, CancellationToken _) =>
                db.Set<InboxMessage>().Any(m => m.EventId == eventId && m.Consumer == consumer));
    }
}
