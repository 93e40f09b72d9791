namespace Ecommerce.Platform;

/// <summary>
/// The one retry policy of the platform: wait <see cref="First"/> after the first failure, twice as
/// long after each further one, never longer than <see cref="Max"/>.
/// </summary>
public readonly record struct Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>The wait after <paramref name="failures"/> failures in a row (1 or more).</summary>
    public TimeSpan Delay(int failures)
    {
        // 2^20 times any first delay is past any sensible maximum; capping the exponent keeps it finite.
        var delay = First * Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        return delay < Max ? delay : Max;
    }
}
