using Ecommerce.Platform;
using Ecommerce.Platform.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.OpenApi;

namespace Ecommerce.Host;

/// <summary>
/// JWT bearer authentication, configured the standard way, in <c>Authentication:Schemes:Bearer</c>:
/// an issuer, audiences and signing keys as <c>dotnet user-jwts</c> writes them (Development), or an
/// OIDC <c>Authority</c> whose keys are fetched (a real identity provider). A token's <c>sub</c> is the
/// user's id and the <c>admin</c> role is the operator (<see cref="Callers"/>); what each may do is
/// decided by the endpoints. A failed authentication is a 401 with <c>WWW-Authenticate</c>, written as
/// ProblemDetails by the status-code pages.
/// </summary>
internal static class Authentication
{
    public const string Section = "Authentication:Schemes:Bearer";

    public static void AddBearerAuthentication(this WebApplicationBuilder builder)
    {
        var bearer = builder.Configuration.GetSection(Section);
        var signingKeys = bearer.GetSection("SigningKeys").GetChildren().ToList();
        foreach (var key in signingKeys)
        {
            // HS256 needs at least 256 bits; dotnet user-jwts writes 32 random bytes.
            if (string.IsNullOrWhiteSpace(key["Issuer"]) || !IsBase64Key(key["Value"], minimumBytes: 32))
            {
                throw new InvalidConfigurationException($"{key.Path} needs an Issuer and a Value of at least 32 bytes in base64.");
            }
        }

        if (signingKeys.Count == 0 && string.IsNullOrWhiteSpace(bearer["Authority"]) && !builder.Environment.IsDevelopment())
        {
            // Without keys every token is refused: a host that answers every request 401 is misconfigured.
            throw new InvalidConfigurationException(
                $"{Section} needs SigningKeys (an Issuer and a base64 Value each) or an Authority (an OIDC identity provider).");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Claims as the token says them: "sub" is the user id, "role" the roles (dotnet user-jwts writes both).
                options.MapInboundClaims = false;
                // Nothing reads the token back from the authentication properties: don't copy it there per request.
                options.SaveToken = false;
                options.TokenValidationParameters.NameClaimType = Callers.SubjectClaim;
                options.TokenValidationParameters.RoleClaimType = Callers.RoleClaim;
            });
        // The keys that configuration gives (as dotnet user-jwts writes them) arrive as a lazy query over
        // configuration, run again for every token: read them once. A configuration reload (a rotated key)
        // builds the options again, so the new keys are read then.
        builder.Services.AddSingleton<IOptionsChangeTokenSource<JwtBearerOptions>>(
            new ConfigurationChangeTokenSource<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, bearer));
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            options.TokenValidationParameters.IssuerSigningKeys = ReadOnce(options.TokenValidationParameters.IssuerSigningKeys));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Callers.AdminPolicy, policy => policy.RequireRole(Callers.AdminRole));
    }

    private static List<SecurityKey>? ReadOnce(IEnumerable<SecurityKey>? keys)
    {
        try
        {
            return keys?.ToList();
        }
        catch (FormatException)
        {
            // A key reloaded as bad base64 (the start refuses one): no token verifies, 401s, as when it was read per token.
            return [];
        }
    }

    private static bool IsBase64Key(string? value, int minimumBytes)
    {
        var bytes = new byte[((value?.Length ?? 0) * 3 / 4) + 3];
        return value is not null && Convert.TryFromBase64String(value, bytes, out var length) && length >= minimumBytes;
    }

    /// <summary>OpenAPI declares the bearer scheme on every operation that needs it, so the Scalar page can send a token.</summary>
    public static void AddBearerScheme(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[JwtBearerDefaults.AuthenticationScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT whose `sub` is your user id (`dotnet user-jwts create --name <userId>` in Development; add `--role admin` for the operator).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(JwtBearerDefaults.AuthenticationScheme, context.Document)] = [] }];
            }

            return Task.CompletedTask;
        });
    }
}
