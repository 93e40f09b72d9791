using System.ComponentModel.DataAnnotations;
using Ecommerce.Platform.Contracts;

namespace Ecommerce.Modules.Orders.Contracts;

/// <summary>A placed order was cancelled. Published on the <see cref="OrdersStream"/>, keyed by <see cref="OrderId"/>,
/// so it always follows the order's <see cref="OrderCreated"/>.</summary>
/// <param name="EventId">Unique per event: consumers use it to ignore redeliveries.</param>
/// <param name="OrderId">The cancelled order's id (the aggregate id).</param>
/// <param name="UserId">The user who placed it.</param>
/// <param name="TotalPrice">The total of the cancelled order, exact to the cent, in the currency of its OrderCreated.</param>
/// <param name="OccurredAt">When the order was cancelled (UTC).</param>
[EventType("ecommerce.orders.order-cancelled", 1, LegacyType = "Ecommerce.Modules.Orders.Contracts.OrderCancelled")]
public sealed record OrderCancelled(
    Guid EventId,
    Guid OrderId,
    Guid UserId,
    [property: Range(0, OrderLimits.MaxTotalPriceNumber), DecimalPlaces(2)] decimal TotalPrice,
    DateTimeOffset OccurredAt);
