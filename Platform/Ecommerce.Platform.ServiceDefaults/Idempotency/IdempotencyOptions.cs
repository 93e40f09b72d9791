namespace Ecommerce.Platform.Idempotency;

public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a key replays its first answer; after that it is forgotten and may be used again.</summary>
    public TimeSpan Expiration { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
