using Ecommerce.Platform;

namespace Ecommerce.Modules.Users;

internal sealed class User
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The email as the user gave it, trimmed.</summary>
    public required string Email { get; init; }

    /// <summary>Trimmed and lower-cased: the unique key, so "A@x.com " and "a@X.com" are one email.</summary>
    public required string NormalizedEmail { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A new user from validated sign-up fields: both trimmed, the email also normalized for uniqueness.</summary>
    public static User SignUp(string name, string email, DateTimeOffset now)
    {
        email = email.Trim();
        return new User
        {
            Id = TimeOrderedIds.New(now),
            Name = name.Trim(),
            Email = email,
            NormalizedEmail = Normalize(email),
            CreatedAt = now,
        };
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
