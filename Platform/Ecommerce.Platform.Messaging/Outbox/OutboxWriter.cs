using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Platform.Messaging.Outbox;

public static class OutboxWriter
{
    /// <summary>
    /// Adds an integration event to the module's outbox. Nothing is sent here: the row is written by the
    /// caller's next SaveChanges, in the same transaction as the state change, and the relay sends it
    /// after the commit. Modules never publish to the bus or Kafka directly.
    /// </summary>
    public static void AddToOutbox<TEvent>(this DbContext db, TEvent @event, Guid eventId, Guid aggregateId, DateTimeOffset occurredAt)
        where TEvent : class
    {
        var activity = Activity.Current;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            EventId = eventId,
            Type = EventJson.TypeName(typeof(TEvent)),
            Key = aggregateId.ToString(),
            Payload = JsonSerializer.Serialize(@event, EventJson.Options),
            OccurredAt = occurredAt,
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
        });
    }
}
