using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// Times of the plumbing tables (outbox, inbox, idempotency keys) as Unix milliseconds: sortable and
/// comparable in SQL, which SQLite cannot do with DateTimeOffset text.
/// </summary>
public static class UnixMilliseconds
{
    public static readonly ValueConverter<DateTimeOffset, long> Converter = new(
        time => time.ToUnixTimeMilliseconds(), ms => DateTimeOffset.FromUnixTimeMilliseconds(ms));
}
