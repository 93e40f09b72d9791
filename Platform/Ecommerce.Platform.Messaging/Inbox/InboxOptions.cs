namespace Ecommerce.Platform.Messaging.Inbox;

public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>
    /// How long an applied event's id is kept. A copy of the event delivered later than this (a consumer
    /// group rewound past it, a dead letter replayed again) would be applied again, so keep it longer
    /// than any redelivery you allow; see docs/adr on retention.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
