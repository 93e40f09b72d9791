using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Shared.Messaging.Inbox;

public static class Inbox
{
    /// <summary>
    /// Records that <paramref name="consumer"/> applies event <paramref name="eventId"/>, without saving,
    /// so the record commits with the consumer's effects. Returns false when the event was already applied:
    /// the caller then does nothing. Two racing deliveries both pass the check, but the inbox's primary
    /// key lets only one of them commit; the other's whole transaction fails and is retried as a no-op.
    /// </summary>
    public static async Task<bool> TryStartHandlingAsync(
        this DbContext db, Guid eventId, string consumer, DateTimeOffset now, CancellationToken ct)
    {
        var inbox = db.Set<InboxMessage>();
        if (inbox.Local.Any(m => m.EventId == eventId && m.Consumer == consumer)
            || await inbox.AnyAsync(m => m.EventId == eventId && m.Consumer == consumer, ct))
        {
            return false;
        }

        inbox.Add(new InboxMessage { EventId = eventId, Consumer = consumer, HandledAt = now });
        return true;
    }
}
