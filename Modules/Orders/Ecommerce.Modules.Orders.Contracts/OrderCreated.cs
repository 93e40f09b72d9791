namespace Ecommerce.Modules.Orders.Contracts;

/// <summary>An order was placed. Published on the <see cref="OrdersStream"/>, keyed by <see cref="OrderId"/>.</summary>
/// <param name="EventId">Unique per event: consumers use it to ignore redeliveries.</param>
/// <param name="OrderId">The new order's id (the aggregate id).</param>
/// <param name="UserId">The user who placed it.</param>
/// <param name="Product">What was ordered.</param>
/// <param name="Quantity">How many.</param>
/// <param name="TotalPrice">The order total, exact to the cent (a JSON number, never a float).</param>
/// <param name="OccurredAt">When the order was placed (UTC).</param>
public sealed record OrderCreated(
    Guid EventId, Guid OrderId, Guid UserId, string Product, int Quantity, decimal TotalPrice, DateTimeOffset OccurredAt);
