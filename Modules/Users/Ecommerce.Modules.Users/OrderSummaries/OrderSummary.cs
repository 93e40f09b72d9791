namespace Ecommerce.Modules.Users.OrderSummaries;

/// <summary>
/// What Users knows of a user's orders, kept from the Orders module's events. Cancelled orders are
/// taken out of the count and the total; the last order time stays the last order placed.
/// </summary>
internal sealed class OrderSummary
{
    public required Guid UserId { get; init; }

    /// <summary>Orders placed and not cancelled.</summary>
    public int OrderCount { get; private set; }

    /// <summary>Sum of the totals of orders placed and not cancelled, exact to the cent.</summary>
    public decimal TotalSpent { get; private set; }

    public DateTimeOffset? LastOrderAt { get; private set; }

    public void OrderPlaced(decimal totalPrice, DateTimeOffset placedAt)
    {
        OrderCount++;
        TotalSpent += totalPrice;
        if (LastOrderAt is null || placedAt > LastOrderAt)
        {
            LastOrderAt = placedAt.ToUniversalTime(); // the only offset PostgreSQL stores
        }
    }

    public void OrderCancelled(decimal totalPrice)
    {
        OrderCount--;
        TotalSpent -= totalPrice;
    }
}
