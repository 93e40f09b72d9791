namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>Where a relay sends outbox rows: Kafka in production, MassTransit's in-memory bus in tests.</summary>
public interface IOutboxTransport
{
    /// <summary>
    /// Sends <paramref name="messages"/> of a module's <paramref name="stream"/> in order and returns how
    /// many of the first ones the broker acknowledged: all of them, or those before the first failure.
    /// Only those are marked dispatched; the rest are sent again (consumers ignore duplicates).
    /// </summary>
    Task<int> SendAsync(string stream, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}
