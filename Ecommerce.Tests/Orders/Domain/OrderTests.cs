using Ecommerce.Modules.Orders;

namespace Ecommerce.Tests.Orders.Domain;

public sealed class OrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_placed_order_has_its_product_trimmed_and_its_total_to_exactly_two_decimals()
    {
        var order = Order.Place(Guid.NewGuid(), "  Keyboard ", 2, 12.5m, "EUR", Now);

        order.Product.Should().Be("Keyboard");
        order.TotalPrice.Should().Be(12.50m);
        order.TotalPrice.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("12.50");
        order.Status.Should().Be(OrderStatus.Placed);
        order.CreatedAt.Should().Be(Now);
        order.CancelledAt.Should().BeNull();
    }

    [Fact]
    public void A_placed_order_can_be_cancelled_once()
    {
        var order = Order.Place(Guid.NewGuid(), "Pen", 1, 1m, "EUR", Now);

        order.Cancel(Now.AddMinutes(5)).Should().BeTrue();
        order.Cancel(Now.AddMinutes(6)).Should().BeFalse();

        order.Status.Should().Be(OrderStatus.Cancelled);
        order.CancelledAt.Should().Be(Now.AddMinutes(5), "the second cancel changed nothing");
    }
}
