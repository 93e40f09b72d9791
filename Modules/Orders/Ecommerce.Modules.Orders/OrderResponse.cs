namespace Ecommerce.Modules.Orders;

internal sealed record OrderResponse(
    Guid Id,
    Guid UserId,
    string Product,
    int Quantity,
    decimal TotalPrice,
    string Currency,
    OrderStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt)
{
    public static OrderResponse From(Order order) => new(
        order.Id, order.UserId, order.Product, order.Quantity, order.TotalPrice, order.Currency, order.Status, order.CreatedAt, order.CancelledAt);
}
