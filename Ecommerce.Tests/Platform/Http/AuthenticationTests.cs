using System.Net;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Platform.Http;

/// <summary>
/// Only a token the host trusts signs a caller in: issued by the configured issuer, for the configured
/// audience, signed with a configured key, and not expired. Anything else is a 401 ProblemDetails
/// with <c>WWW-Authenticate: Bearer</c>, whatever the token claims to be.
/// </summary>
public sealed class AuthenticationTests(TestHost host) : IClassFixture<TestHost>
{
    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", Tokens.Mint("operator", ["admin"], expires: DateTimeOffset.UtcNow.AddMinutes(-10)) },
        { "from another issuer", Tokens.Mint("operator", ["admin"], issuer: "someone-else") },
        { "for another audience", Tokens.Mint("operator", ["admin"], audience: "another-api") },
        { "signed with another key", Tokens.Mint("operator", ["admin"], signingKey: Convert.ToBase64String(new byte[32])) },
        { "not a token", "not-a-jwt" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_the_host_does_not_trust_is_refused_with_401_and_WWW_Authenticate(string what, string token)
    {
        using var response = await host.CreateClient(token).GetAsync("/users?page=1");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"the token is {what}");
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        response.Headers.WwwAuthenticate.Single().Parameter.Should().Contain("invalid_token");
        (await response.ReadProblemAsync()).Status.Should().Be(401);
    }

    [Fact]
    public async Task A_trusted_token_signs_the_caller_in()
    {
        using var response = await host.CreateClient(Tokens.Admin).GetAsync("/users?page=1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_signing_key_rotated_in_configuration_is_trusted_after_a_reload_and_the_old_one_no_longer()
    {
        await using var rotating = new TestHost();
        var oldToken = Tokens.Mint("operator", ["admin"]);
        (await rotating.CreateClient(oldToken).GetAsync("/users?page=1")).StatusCode.Should().Be(HttpStatusCode.OK);
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var configuration = (IConfigurationRoot)rotating.Services.GetRequiredService<IConfiguration>();
        configuration["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = newKey;
        configuration.Reload();

        (await rotating.CreateClient(Tokens.Mint("operator", ["admin"], signingKey: newKey)).GetAsync("/users?page=1"))
            .StatusCode.Should().Be(HttpStatusCode.OK, "signed with the key configuration now holds");
        (await rotating.CreateClient(oldToken).GetAsync("/users?page=1"))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the old key is no longer configured");
    }

    [Fact]
    public async Task The_host_s_token_command_prints_a_token_the_host_trusts()
    {
        await using var command = ChildProcess.StartDotnet(HostUnderTest.HostDll(Repository.Root(), Faults.FaultSuite.Configuration), "token --sub operator --role admin",
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Testing" }.WithTokenSettings());
        (await command.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, string.Join('\n', command.Output));

        using var response = await host.CreateClient(command.Output.Last()).GetAsync("/users?page=1");

        response.StatusCode.Should().Be(HttpStatusCode.OK, "signed with the host's key, for its audience, as the operator");
    }

    [Fact]
    public async Task The_api_document_declares_the_bearer_scheme_on_the_endpoints_that_need_it()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await host.CreateClient().GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;

        root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        var paths = root.GetProperty("paths");
        paths.GetProperty("/orders").GetProperty("post").TryGetProperty("security", out _).Should().BeTrue();
        paths.GetProperty("/users").GetProperty("post").TryGetProperty("security", out _).Should().BeFalse("sign-up is anonymous");
    }
}
