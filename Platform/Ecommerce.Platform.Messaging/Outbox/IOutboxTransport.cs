namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>Where a relay sends outbox rows: Kafka in production, MassTransit's in-memory bus in tests.</summary>
public interface IOutboxTransport
{
    /// <summary>
    /// Sends <paramref name="messages"/> of a module's <paramref name="stream"/>, keeping each
    /// aggregate's events in order, and tells what became of each, in the same order.
    /// </summary>
    Task<IReadOnlyList<SendResult>> SendAsync(string stream, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}

public enum SendStatus
{
    /// <summary>The broker acknowledged it: mark it dispatched.</summary>
    Delivered,

    /// <summary>Not acknowledged, for a reason of the environment (broker unreachable, timeout): send it again later.</summary>
    Failed,

    /// <summary>The broker refuses this event as it is (too large, invalid): count the attempt, park it after the last.</summary>
    Rejected,

    /// <summary>Not sent: an earlier event of the same aggregate was not delivered, and order comes first.</summary>
    Held,
}

public readonly record struct SendResult(SendStatus Status, string? Error = null)
{
    public static readonly SendResult Delivered = new(SendStatus.Delivered);
    public static readonly SendResult Held = new(SendStatus.Held);
}
