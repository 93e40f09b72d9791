using Ecommerce.Platform;
using Ecommerce.Platform.Persistence;

namespace Ecommerce.Modules.Orders;

internal enum OrderStatus
{
    Placed,
    Cancelled,
}

internal sealed class Order
{
    public required Guid Id { get; init; }
    public required Guid UserId { get; init; }
    public required string Product { get; init; }
    public required int Quantity { get; init; }

    /// <summary>The order total, exact to the cent, in <see cref="Currency"/>.</summary>
    public required decimal TotalPrice { get; init; }

    /// <summary>The shop's currency when the order was placed (ISO 4217).</summary>
    public required string Currency { get; init; }

    public OrderStatus Status { get; private set; } = OrderStatus.Placed;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>A new order from validated fields: the product trimmed, the total to exactly two decimal places.</summary>
    public static Order Place(Guid userId, string product, int quantity, decimal totalPrice, string currency, DateTimeOffset now) => new()
    {
        Id = TimeOrderedIds.New(now),
        UserId = userId,
        Product = product.Trim(),
        Quantity = quantity,
        TotalPrice = Money.RoundToCents(totalPrice),
        Currency = currency,
        CreatedAt = now,
    };

    /// <summary>Cancels a placed order; false when it was already cancelled.</summary>
    public bool Cancel(DateTimeOffset now)
    {
        if (Status == OrderStatus.Cancelled)
        {
            return false;
        }

        Status = OrderStatus.Cancelled;
        CancelledAt = now;
        return true;
    }
}
