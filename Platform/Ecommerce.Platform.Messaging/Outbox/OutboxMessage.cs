namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// An integration event waiting in a module's database to be relayed. It is inserted by the same
/// SaveChanges as the state change that raised it, so the two commit or roll back together.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Assigned by the database on insert. SQLite has one writer at a time, so this is commit order.</summary>
    public long Sequence { get; private set; }

    public required Guid EventId { get; init; }

    /// <summary>The event's full CLR type name: its identity on the wire (CloudEvents <c>type</c>).</summary>
    public required string Type { get; init; }

    /// <summary>The aggregate id: the Kafka message key, so one aggregate's events stay in order.</summary>
    public required string Key { get; init; }

    /// <summary>The event as JSON.</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>W3C trace context of the request that raised the event, carried to the consumer.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>Set once the broker acknowledged the event; null while pending.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }
}
