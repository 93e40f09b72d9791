namespace Ecommerce.Modules.Orders.Contracts;

/// <summary>
/// What an order's fields may hold: the API refuses a request outside these limits, and a consumer
/// refuses an <see cref="OrderCreated"/> or <see cref="OrderCancelled"/> outside them, so both sides hold
/// one definition of a valid order.
/// </summary>
public static class OrderLimits
{
    /// <summary>Most characters of <see cref="OrderCreated.Product"/>, trimmed; it is never empty.</summary>
    public const int MaxProductLength = 200;

    /// <summary>Fewest of <see cref="OrderCreated.Quantity"/>.</summary>
    public const int MinQuantity = 1;

    /// <summary>Most of <see cref="OrderCreated.Quantity"/>.</summary>
    public const int MaxQuantity = 10_000;

    /// <summary>Largest <see cref="OrderCreated.TotalPrice"/>, from 0, exact to the cent.</summary>
    public const decimal MaxTotalPrice = 1_000_000_000m;

    /// <summary><see cref="MaxTotalPrice"/> where a decimal cannot go (attributes, schemas).</summary>
    public const double MaxTotalPriceNumber = 1_000_000_000d;
}
