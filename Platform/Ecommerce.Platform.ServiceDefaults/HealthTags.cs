namespace Ecommerce.Platform;

public static class HealthTags
{
    /// <summary>Checks that decide readiness (<c>/health/ready</c>): databases, broker, outboxes.</summary>
    public const string Ready = "ready";
}
