using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ecommerce.Benchmark;

// Also compiled into Ecommerce.Tests (linked): the tests and the fault suite authenticate the same way.

/// <summary>
/// Bearer tokens as an identity provider would issue them, signed (HS256) with a key the host under
/// test is given in the form <c>dotnet user-jwts</c> writes (<see cref="HostSettings"/>). For tests and
/// the benchmark only: the key is public.
/// </summary>
internal static class Tokens
{
    public const string Issuer = "ecommerce-tests";
    public const string Audience = "ecommerce";

    /// <summary>A 256-bit key, base64 as in <c>SigningKeys:0:Value</c>.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(SHA256.HashData("ecommerce tests and benchmark signing key"u8));

    /// <summary>The host's configuration that trusts these tokens (keys with ':'; as environment variables, '__').</summary>
    public static readonly IReadOnlyDictionary<string, string> HostSettings = new Dictionary<string, string>
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = SigningKey,
    };

    /// <summary><see cref="HostSettings"/> as a host process's environment variables ('__' for ':').</summary>
    public static readonly IReadOnlyDictionary<string, string> HostEnvironment =
        HostSettings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    private static readonly Dictionary<Guid, string> ForUsers = [];

    /// <summary>The user's token (one per user, valid for a day), as a client signed in as them would send it.</summary>
    public static string ForUser(Guid userId)
    {
        lock (ForUsers)
        {
            if (!ForUsers.TryGetValue(userId, out var token))
            {
                ForUsers[userId] = token = Mint(userId.ToString());
            }

            return token;
        }
    }

    /// <summary>The operator's token: role <c>admin</c>, a subject that is no user's id.</summary>
    public static readonly string Admin = Mint("operator", roles: ["admin"]);

    public static string Mint(
        string subject, string[]? roles = null, DateTimeOffset? expires = null, string issuer = Issuer, string audience = Audience, string? signingKey = null)
    {
        var now = DateTimeOffset.UtcNow;
        var exp = expires ?? now.AddDays(1);
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = Math.Min(now.ToUnixTimeSeconds(), exp.ToUnixTimeSeconds() - 60),
            ["nbf"] = Math.Min(now.ToUnixTimeSeconds(), exp.ToUnixTimeSeconds() - 60),
            ["exp"] = exp.ToUnixTimeSeconds(),
        };
        if (roles is { Length: > 0 })
        {
            claims["role"] = roles;
        }

        var unsigned = $"{Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8)}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = HMACSHA256.HashData(Convert.FromBase64String(signingKey ?? SigningKey), Encoding.ASCII.GetBytes(unsigned));
        return $"{unsigned}.{Base64Url(signature)}";
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
