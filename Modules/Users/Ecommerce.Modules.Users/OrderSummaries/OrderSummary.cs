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

    /// <summary>
    /// Changes with every change. A summary is read, changed and written back; two instances applying
    /// orders of one user at once would each add to the same old value. Written only where it still
    /// holds the value read, the second write fails, and its batch is applied again on fresh data.
    /// </summary>
    public int Version { get; private set; }

    public void OrderPlaced(decimal totalPrice, DateTimeOffset placedAt)
    {
        Version++;
        OrderCount++;
        TotalSpent += totalPrice;
        if (LastOrderAt is null || placedAt > LastOrderAt)
        {
            LastOrderAt = placedAt.ToUniversalTime(); // the only offset PostgreSQL stores
        }
    }

    public void OrderCancelled(decimal totalPrice)
    {
        Version++;
        OrderCount--;
        TotalSpent -= totalPrice;
    }
}
