using System.Diagnostics;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>Waits for a condition of an eventually consistent system: polls until it holds or the timeout passes.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> until, string what, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (until(value))
            {
                return value;
            }

            if (deadline.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"Waited {deadline.Elapsed.TotalSeconds:F1} s for {what}; last seen: {(describe is null ? value : describe(value))}");
            }

            await Task.Delay(20);
        }
    }

    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Async(() => Task.FromResult(condition()), holds => holds, what, timeout);

    public static Task True(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Async(condition, holds => holds, what, timeout);
}
