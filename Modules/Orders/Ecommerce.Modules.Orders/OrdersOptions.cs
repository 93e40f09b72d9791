using System.Text.RegularExpressions;
using Ecommerce.Modules.Orders.Contracts;

namespace Ecommerce.Modules.Orders;

/// <summary>The <c>Orders</c> section.</summary>
internal sealed partial class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>The shop's currency: new orders are placed in it (<see cref="OrderCurrency"/>).</summary>
    public string Currency { get; set; } = OrderCurrency.Default;

    public static bool IsCurrencyCode(string? code) => code is not null && CurrencyCode().IsMatch(code);

    [GeneratedRegex(OrderCurrency.Pattern)]
    private static partial Regex CurrencyCode();
}
