namespace Ecommerce.Modules.Users.Contracts;

/// <summary>
/// What a user's fields may hold: the API refuses a request outside these limits, and a consumer refuses
/// a <see cref="UserCreated"/> outside them, so both sides hold one definition of a valid user.
/// </summary>
public static class UserLimits
{
    /// <summary>Most characters of <see cref="UserCreated.Name"/>, trimmed; it is never empty.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Most characters of <see cref="UserCreated.Email"/>, trimmed: a bare, dotted address.</summary>
    public const int MaxEmailLength = 254;
}
