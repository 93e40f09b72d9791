using System.ComponentModel.DataAnnotations;
using Ecommerce.Platform.Contracts;

namespace Ecommerce.Modules.Orders.Contracts;

/// <summary>An order was placed. Published on the <see cref="OrdersStream"/>, keyed by <see cref="OrderId"/>.
/// Version 2: version 1 (<see cref="OrderCreatedV1"/>) carried no currency.</summary>
/// <param name="EventId">Unique per event: consumers use it to ignore redeliveries.</param>
/// <param name="OrderId">The new order's id (the aggregate id).</param>
/// <param name="UserId">The user who placed it.</param>
/// <param name="Product">What was ordered.</param>
/// <param name="Quantity">How many.</param>
/// <param name="TotalPrice">The order total, exact to the cent (a JSON number, never a float).</param>
/// <param name="Currency">The currency of the total: an ISO 4217 code, e.g. EUR.</param>
/// <param name="OccurredAt">When the order was placed (UTC).</param>
[EventType("ecommerce.orders.order-created", 2)]
public sealed record OrderCreated(
    Guid EventId,
    Guid OrderId,
    Guid UserId,
    [property: StringLength(OrderLimits.MaxProductLength, MinimumLength = 1)] string Product,
    [property: Range(OrderLimits.MinQuantity, OrderLimits.MaxQuantity)] int Quantity,
    [property: Range(0, OrderLimits.MaxTotalPriceNumber), DecimalPlaces(2)] decimal TotalPrice,
    [property: RegularExpression(OrderCurrency.Pattern)] string Currency,
    DateTimeOffset OccurredAt);

/// <summary>
/// Version 1 of <see cref="OrderCreated"/>, from before orders carried a currency: every order was in
/// the shop's currency (<see cref="OrderCurrency.ConfigurationKey"/>), and a version 1 record still means that.
/// </summary>
/// <param name="EventId">Unique per event: consumers use it to ignore redeliveries.</param>
/// <param name="OrderId">The new order's id (the aggregate id).</param>
/// <param name="UserId">The user who placed it.</param>
/// <param name="Product">What was ordered.</param>
/// <param name="Quantity">How many.</param>
/// <param name="TotalPrice">The order total in the shop's currency, exact to the cent (a JSON number, never a float).</param>
/// <param name="OccurredAt">When the order was placed (UTC).</param>
[EventType("ecommerce.orders.order-created", 1, LegacyType = "Ecommerce.Modules.Orders.Contracts.OrderCreated")]
public sealed record OrderCreatedV1(
    Guid EventId,
    Guid OrderId,
    Guid UserId,
    [property: StringLength(OrderLimits.MaxProductLength, MinimumLength = 1)] string Product,
    [property: Range(OrderLimits.MinQuantity, OrderLimits.MaxQuantity)] int Quantity,
    [property: Range(0, OrderLimits.MaxTotalPriceNumber), DecimalPlaces(2)] decimal TotalPrice,
    DateTimeOffset OccurredAt) : IEventVersionOf<OrderCreated, OrderCreatedV1>
{
    /// <summary>Version 2 of the event: the total in the shop's currency.</summary>
    public OrderCreated Upcast(EventSettings settings) =>
        new(EventId, OrderId, UserId, Product, Quantity, TotalPrice, OrderCurrency.Of(settings), OccurredAt);

    /// <summary>Version 1 of an order in the shop's currency; an order in another currency cannot be said in version 1.</summary>
    public static OrderCreatedV1 Downcast(OrderCreated next, EventSettings settings) =>
        next.Currency == OrderCurrency.Of(settings)
            ? new(next.EventId, next.OrderId, next.UserId, next.Product, next.Quantity, next.TotalPrice, next.OccurredAt)
            : throw new InvalidOperationException(
                $"Order '{next.OrderId}' is in {next.Currency}; version 1 of the event can only say {OrderCurrency.Of(settings)}, the shop's currency.");
}
