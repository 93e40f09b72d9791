namespace Ecommerce.Platform;

/// <summary>
/// GUID v7 ids that sort in the order this process created them, even within one millisecond. A plain
/// v7 id is ordered by its millisecond only; the random bits after it put two ids of the same
/// millisecond in either order, so "oldest first" paging would shuffle them. Here those 12 bits are a
/// counter (RFC 9562, section 6.2, method 1); when it runs out, the next millisecond is borrowed.
/// </summary>
public static class TimeOrderedIds
{
    private const int CounterMax = 0xFFF;
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static Guid New(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        int counter;
        lock (Gate)
        {
            if (milliseconds > _lastMilliseconds)
            {
                _counter = 0;
            }
            else if (++_counter > CounterMax)
            {
                _counter = 0;
                milliseconds = _lastMilliseconds + 1;
            }
            else
            {
                milliseconds = _lastMilliseconds; // same millisecond, or the clock stepped back: keep counting
            }

            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)).TryWriteBytes(bytes, bigEndian: true, out _);
        bytes[6] = (byte)(0x70 | (counter >> 8)); // version 7, then the counter's high 4 bits
        bytes[7] = (byte)counter;
        return new Guid(bytes, bigEndian: true);
    }
}
