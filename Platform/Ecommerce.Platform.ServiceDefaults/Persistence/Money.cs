using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// Amounts of money in the shop's currency, exact to the cent: rounded to two decimal places in
/// memory, and stored as whole cents in an INTEGER column (exact, summable in SQL, never a float).
/// </summary>
public static class Money
{
    /// <summary>Exactly two decimal places, so 12.5 is kept and returned as 12.50.</summary>
    public static decimal RoundToCents(decimal amount) => decimal.Round(amount, 2) + 0.00m;

    /// <summary>True when <paramref name="amount"/> has no fraction of a cent.</summary>
    public static bool IsWholeCents(decimal amount) => decimal.Round(amount, 2) == amount;

    /// <summary>Stores an amount as whole cents.</summary>
    public static readonly ValueConverter<decimal, long> CentsConverter = new(
        amount => (long)(amount * 100m), cents => (cents / 100m) + 0.00m);
}
