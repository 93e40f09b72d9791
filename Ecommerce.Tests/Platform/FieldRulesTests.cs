using Ecommerce.Platform;
using FluentValidation;

namespace Ecommerce.Tests.Platform;

/// <summary>The field rules the HTTP validators and the event validators share.</summary>
public sealed class FieldRulesTests
{
    private sealed record Fields(string? Text, string? Email, decimal Amount, decimal? OptionalAmount);

    private sealed class FieldsValidator : AbstractValidator<Fields>
    {
        public FieldsValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(f => f.Text).Text(5);
            RuleFor(f => f.Email).Email(20);
            RuleFor(f => f.Amount).Amount(100m);
            RuleFor(f => f.OptionalAmount).Amount(100m);
        }
    }

    private static readonly Fields Valid = new("abc", "a@example.com", 1.5m, 1.5m);

    [Fact]
    public void Valid_fields_pass()
    {
        Errors(Valid).Should().BeEmpty();
    }

    [Theory]
    [InlineData(null, "'Text' must not be empty.")]
    [InlineData("", "'Text' must not be empty.")]
    [InlineData("   ", "'Text' must not be empty.")]
    [InlineData("abcdef", "'Text' must be 5 characters or fewer.")]
    public void Text_is_present_and_bounded(string? text, string error)
    {
        Errors(Valid with { Text = text }).Should().Equal(error);
    }

    [Fact]
    public void Text_is_measured_once_trimmed()
    {
        Errors(Valid with { Text = "  abcde  " }).Should().BeEmpty();
    }

    [Theory]
    [InlineData("", "'Email' must not be empty.")]
    [InlineData("a@example", "'Email' is not a valid email address.")]
    [InlineData("a b@example.com", "'Email' is not a valid email address.")]
    [InlineData("abcdefghij@example.com", "'Email' must be 20 characters or fewer.")]
    public void An_email_is_present_bounded_and_well_formed(string email, string error)
    {
        Errors(Valid with { Email = email }).Should().Equal(error);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("100.01")]
    [InlineData("0.001")]
    public void An_amount_is_from_zero_to_its_maximum_in_whole_cents(string amount)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Errors(Valid with { Amount = value }).Should().ContainSingle();
        Errors(Valid with { OptionalAmount = value }).Should().ContainSingle("a request's optional amount has the same rule");
    }

    [Fact]
    public void A_missing_optional_amount_is_refused()
    {
        Errors(Valid with { OptionalAmount = null }).Should().Equal("'Optional Amount' must not be empty.");
    }

    private static List<string> Errors(Fields fields) => new FieldsValidator().Validate(fields).Errors.ConvertAll(e => e.ErrorMessage);
}
