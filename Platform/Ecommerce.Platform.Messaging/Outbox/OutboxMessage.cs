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

    /// <summary>The event's wire type, version included (CloudEvents <c>type</c>), e.g. <c>ecommerce.users.user-created.v1</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The aggregate id: the Kafka message key, so one aggregate's events stay in order.</summary>
    public required string Key { get; init; }

    /// <summary>The event as JSON, in the version <see cref="Type"/> names.</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>W3C trace context of the request that raised the event, carried to the consumer.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>Set once the broker acknowledged the event (or an operator skipped it); null while pending.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    /// <summary>How many times the broker refused this event as it is (too large, invalid). An unreachable
    /// broker is not counted: that is the environment, and the event just waits.</summary>
    public int Attempts { get; private set; }

    /// <summary>Why the broker last refused it.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Set once the broker refused the event <see cref="OutboxOptions.MaxAttempts"/> times. The relay
    /// then leaves it, and holds back the later events of its aggregate (sending them would put them
    /// before it), until an operator retries or skips it (<c>dead-letters retry|skip</c>).
    /// </summary>
    public DateTimeOffset? ParkedAt { get; private set; }
}
