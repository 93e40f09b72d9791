namespace Ecommerce.Platform.Messaging.Outbox;

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Fallback poll for rows the commit signal missed (e.g. written by another process).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an instance's hold on a module's relay lasts without renewal. Several instances share one
    /// database: one relays, and if it dies another takes over within about this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most rows sent and marked per round trip.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>First wait after a failed send; doubles on each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Times the broker may refuse one event as it is (too large, invalid) before it is parked.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long dispatched rows are kept (for inspection) before they are deleted.</summary>
    public TimeSpan DispatchedRetention { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Readiness is degraded once the oldest waiting event is this old.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Readiness is unhealthy (503) once the oldest waiting event is this old.</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(5);
}
