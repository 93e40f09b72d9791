using System.Diagnostics;
using Ecommerce.Platform.Messaging.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Ecommerce.Platform.Messaging.Outbox;

public static class OutboxWriter
{
    /// <summary>
    /// Adds an integration event to the module's outbox. Nothing is sent here: the row is written by the
    /// caller's next SaveChanges, in the same transaction as the state change, and the relay sends it
    /// after the commit. Modules never publish to the bus or Kafka directly. The row holds the event as
    /// it goes on the wire: its wire type and JSON in the version this host emits (<see cref="EventCatalog.Write"/>).
    /// </summary>
    public static void AddToOutbox<TEvent>(this DbContext db, TEvent @event, Guid eventId, Guid aggregateId, DateTimeOffset occurredAt)
        where TEvent : class
    {
        var (contract, json) = db.GetService<EventCatalog>().Write(@event);
        var activity = Activity.Current;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            EventId = eventId,
            Type = contract.WireType,
            Key = aggregateId.ToString(),
            Payload = json,
            OccurredAt = occurredAt,
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
        });
    }
}
