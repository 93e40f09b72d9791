using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ecommerce.Host;

/// <summary>
/// <c>token --sub &lt;user id&gt; [--role admin] [--hours 8]</c>: prints a bearer token signed with the
/// host's first configured signing key (<c>Authentication:Schemes:Bearer:SigningKeys:0</c>), for its
/// first valid audience. For an operator, or a deployment without an identity provider (the compose
/// file); in Development <c>dotnet user-jwts</c> does the same. It reads the host's own configuration,
/// so a token it prints is one that host trusts. Whoever can run it holds the key anyway.
/// </summary>
internal static class TokenCommand
{
    public const string Name = "token";

    public static int Run(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        var options = builder.Configuration;
        var bearer = options.GetSection(Authentication.Section);
        var key = bearer.GetSection("SigningKeys:0");
        var audience = bearer["ValidAudiences:0"] ?? bearer["ValidAudience"];
        if (options["sub"] is not { Length: > 0 } subject || key["Value"] is not { } value || key["Issuer"] is not { } issuer || audience is null)
        {
            Console.Error.WriteLine($"usage: token --sub <user id> [--role admin] [--hours 8]; needs {Authentication.Section}:SigningKeys:0 and ValidAudiences:0 configured");
            return 1;
        }

        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (options["role"] is { Length: > 0 } role)
        {
            claims["role"] = role;
        }

        var now = DateTime.UtcNow;
        Console.WriteLine(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(options.GetValue("hours", 8.0)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(value)), SecurityAlgorithms.HmacSha256),
        }));
        return 0;
    }
}
