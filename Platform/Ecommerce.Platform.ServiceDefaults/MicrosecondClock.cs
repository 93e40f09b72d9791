namespace Ecommerce.Platform;

/// <summary>
/// The system clock to the microsecond, the precision PostgreSQL keeps: a time read back from either
/// database equals the time that was written, so what an answer says and what a later read says agree.
/// </summary>
public sealed class MicrosecondClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
