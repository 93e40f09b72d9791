using Ecommerce.Modules.Orders.CreateOrder;

namespace Ecommerce.Tests.Orders.Domain;

public sealed class CreateOrderValidatorTests
{
    private static readonly Guid User = Guid.CreateVersion7();
    private readonly CreateOrderValidator _validator = new();

    [Fact]
    public void A_user_a_product_a_quantity_and_a_price_in_cents_are_valid()
    {
        Errors(new CreateOrderRequest(User, "Keyboard", 1, 49.90m)).Should().BeEmpty();
    }

    [Fact]
    public void The_user_is_required_and_not_the_empty_guid()
    {
        Errors(new CreateOrderRequest(null, "Keyboard", 1, 1m)).Should().ContainKey("UserId");
        Errors(new CreateOrderRequest(Guid.Empty, "Keyboard", 1, 1m)).Should().ContainKey("UserId");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void A_quantity_outside_1_to_10000_is_refused(int quantity)
    {
        Errors(new CreateOrderRequest(User, "Keyboard", quantity, 1m)).Should().ContainKey("Quantity");
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("1000000000.01")]
    [InlineData("0.001")]
    [InlineData("9.999")]
    public void A_price_below_zero_over_a_billion_or_with_fractions_of_a_cent_is_refused(string price)
    {
        Errors(new CreateOrderRequest(User, "Keyboard", 1, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)))
            .Should().ContainKey("TotalPrice");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("1000000000")]
    public void Prices_from_zero_to_a_billion_in_whole_cents_are_accepted(string price)
    {
        Errors(new CreateOrderRequest(User, "Keyboard", 1, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture))).Should().BeEmpty();
    }

    [Fact]
    public void A_blank_product_is_refused()
    {
        Errors(new CreateOrderRequest(User, "  ", 1, 1m)).Should().ContainKey("Product");
    }

    private Dictionary<string, string[]> Errors(CreateOrderRequest request) =>
        _validator.Validate(request).Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
}
