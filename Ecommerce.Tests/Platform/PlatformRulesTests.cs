using Ecommerce.Platform;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Persistence;

namespace Ecommerce.Tests.Platform;

/// <summary>Fast checks of the small rules the platform's pieces share.</summary>
public sealed class PlatformRulesTests
{
    [Fact]
    public void Backoff_doubles_after_each_failure_up_to_its_maximum()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        Enumerable.Range(1, 6).Select(backoff.Delay).Select(d => d.TotalMilliseconds)
            .Should().Equal(100, 200, 400, 800, 1000, 1000);
        backoff.Delay(int.MaxValue).Should().Be(TimeSpan.FromSeconds(1), "a long outage never overflows the delay");
    }

    [Theory]
    [InlineData("12.5", "12.50")]
    [InlineData("0", "0.00")]
    [InlineData("0.125", "0.12")]
    [InlineData("1000000000", "1000000000.00")]
    public void Money_is_kept_to_exactly_two_decimal_places(string amount, string expected)
    {
        Money.RoundToCents(Parse(amount)).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected);
    }

    [Fact]
    public void Money_is_stored_as_whole_cents_and_read_back_exactly()
    {
        var toCents = (Func<decimal, long>)Money.CentsConverter.ConvertToProviderExpression.Compile();
        var fromCents = (Func<long, decimal>)Money.CentsConverter.ConvertFromProviderExpression.Compile();

        toCents(1234.56m).Should().Be(123456);
        fromCents(123456).Should().Be(1234.56m);
        fromCents(5).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("0.05");
        Money.IsWholeCents(0.10m).Should().BeTrue();
        Money.IsWholeCents(0.105m).Should().BeFalse();
    }

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("ada.lovelace+shop@mail.example.co.uk", true)]
    [InlineData("ada@example", false)]
    [InlineData("ada @example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("ada@.example.com", false)]
    public void An_email_is_well_formed_only_as_a_bare_dotted_address(string email, bool wellFormed)
    {
        EmailAddress.IsWellFormed(email).Should().Be(wellFormed);
    }

    [Fact]
    public void Paging_defaults_to_the_first_page_of_20_and_bounds_both_values()
    {
        var validator = new PageQueryValidator();

        new PageQuery(null, null).Should().Match<PageQuery>(q => q.PageNumber == 1 && q.Size == 20 && q.Skip == 0);
        new PageQuery(3, 10).Skip.Should().Be(20);
        validator.Validate(new PageQuery(1, 100)).IsValid.Should().BeTrue();
        validator.Validate(new PageQuery(0, 10)).IsValid.Should().BeFalse();
        validator.Validate(new PageQuery(1, 101)).IsValid.Should().BeFalse();
        validator.Validate(new PageQuery(int.MaxValue, 100)).IsValid.Should().BeFalse("Skip would overflow");
    }

    private static decimal Parse(string amount) => decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
}
