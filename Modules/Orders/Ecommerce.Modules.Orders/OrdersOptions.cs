using Ecommerce.Modules.Orders.Contracts;

namespace Ecommerce.Modules.Orders;

/// <summary>The <c>Orders</c> section.</summary>
internal sealed class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>The shop's currency: new orders are placed in it (<see cref="OrderCurrency"/>).</summary>
    public string Currency { get; set; } = OrderCurrency.Default;
}
