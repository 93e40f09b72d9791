using System.Net.Mail;

namespace Ecommerce.Platform.Http;

public static class EmailAddress
{
    /// <summary>
    /// A bare address (no display name, no spaces) that System.Net.Mail accepts, with a local part of
    /// at most 64 characters and a dotted domain, so typos like "a@b" or "a b@c.com" are rejected.
    /// </summary>
    public static bool IsWellFormed(string email) =>
        !email.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.User.Length is > 0 and <= 64
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');
}
