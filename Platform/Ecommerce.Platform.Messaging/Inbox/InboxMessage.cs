namespace Ecommerce.Platform.Messaging.Inbox;

/// <summary>An event a consumer has applied, recorded in the same transaction as the consumer's effects.</summary>
public sealed class InboxMessage
{
    public required Guid EventId { get; init; }

    /// <summary>Which consumer applied it: one event may be applied by several consumers of a module.</summary>
    public required string Consumer { get; init; }

    public required DateTimeOffset HandledAt { get; init; }
}
