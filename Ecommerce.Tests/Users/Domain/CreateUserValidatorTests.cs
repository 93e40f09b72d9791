using Ecommerce.Modules.Users.CreateUser;

namespace Ecommerce.Tests.Users.Domain;

public sealed class CreateUserValidatorTests
{
    private readonly CreateUserValidator _validator = new();

    [Fact]
    public void A_name_and_a_well_formed_email_are_valid()
    {
        _validator.Validate(new CreateUserRequest("Ada Lovelace", "ada@example.com")).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_or_blank_name_is_refused(string? name)
    {
        Errors(new CreateUserRequest(name, "ada@example.com")).Should().ContainKey("Name");
    }

    [Fact]
    public void A_name_is_measured_after_trimming()
    {
        Errors(new CreateUserRequest($"  {new string('a', 200)}  ", "ada@example.com")).Should().BeEmpty();
        Errors(new CreateUserRequest(new string('a', 201), "ada@example.com")).Should().ContainKey("Name");
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("a@b")]
    [InlineData("a b@example.com")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@example.com.")]
    public void A_malformed_email_is_refused(string email)
    {
        Errors(new CreateUserRequest("Ada", email))["Email"].Should().ContainSingle().Which.Should().Contain("not a valid email");
    }

    [Fact]
    public void An_email_over_254_characters_is_refused_with_its_own_message()
    {
        var email = $"{new string('a', 64)}@{new string('b', 190)}.com";

        Errors(new CreateUserRequest("Ada", email))["Email"].Should().ContainSingle().Which.Should().Contain("254");
    }

    private Dictionary<string, string[]> Errors(CreateUserRequest request) =>
        _validator.Validate(request).Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
}
