using Ecommerce.Modules.Users;

namespace Ecommerce.Tests.Users.Domain;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Signing_up_trims_the_name_and_email_and_keeps_the_emails_case()
    {
        var user = User.SignUp("  Ada Lovelace ", " Ada@Example.com  ", Now);

        user.Name.Should().Be("Ada Lovelace");
        user.Email.Should().Be("Ada@Example.com");
        user.CreatedAt.Should().Be(Now);
    }

    [Fact]
    public void Emails_differing_only_in_case_and_spaces_normalize_to_one_key()
    {
        User.SignUp("A", " ADA@example.COM ", Now).NormalizedEmail
            .Should().Be(User.SignUp("B", "ada@example.com", Now).NormalizedEmail)
            .And.Be("ada@example.com");
    }

    [Fact]
    public void Ids_are_time_ordered_so_creation_order_is_id_order()
    {
        var first = User.SignUp("A", "a@example.com", Now);
        var second = User.SignUp("B", "b@example.com", Now.AddMilliseconds(1));

        first.Id.Version.Should().Be(7);
        first.Id.CompareTo(second.Id).Should().BeNegative();
    }
}
