using System.Net;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Http;

public sealed class RequestSizeLimitTests : IAsyncLifetime
{
    // The limit is Kestrel's, which the in-memory test server does not enforce: use real Kestrel.
    private readonly TestHost _host = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _host.UseKestrel(0);
        _client = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_body_over_the_size_limit_returns_413_problem_details_and_writes_nothing()
    {
        var body = $$"""{"name":"{{new string('x', 100_000)}}","email":"{{Api.UniqueEmail()}}"}""";

        var response = await _client.PostJsonAsync("/users", body);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadProblemAsync()).Status.Should().Be(413);
        (await _host.InScopeAsync<UsersDbContext, int>(db => db.Users.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read_and_validated()
    {
        var body = $$"""{"name":"{{new string('x', 60_000)}}","email":"{{Api.UniqueEmail()}}"}""";

        var response = await _client.PostJsonAsync("/users", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey("name");
    }
}
