using System.Net;
using System.Net.Http.Json;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Users;

public abstract class CreateUserTests<THost>(THost host) : IClassFixture<THost>
    where THost : TestHost
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task Creating_a_user_returns_201_with_location_and_body()
    {
        var email = Api.UniqueEmail();

        var response = await _client.PostAsJsonAsync("/users", new { name = "Ada Lovelace", email });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var user = await response.ReadAsync<Api.UserDto>();
        user.Name.Should().Be("Ada Lovelace");
        user.Email.Should().Be(email);
        user.CreatedAt.Offset.Should().Be(TimeSpan.Zero);
        user.CreatedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        user.Id.Version.Should().Be(7);
        response.Headers.Location!.ToString().Should().Be($"/users/{user.Id}");
    }

    [Fact]
    public async Task A_created_user_is_returned_by_its_location()
    {
        var created = await _client.PostAsJsonAsync("/users", new { name = "Grace", email = Api.UniqueEmail() });

        var fetched = await _client.GetAsync(created.Headers.Location);

        fetched.StatusCode.Should().Be(HttpStatusCode.OK);
        (await fetched.ReadAsync<Api.UserDto>()).Should().BeEquivalentTo(await created.ReadAsync<Api.UserDto>());
    }

    [Fact]
    public async Task The_response_is_camelCase_json_with_an_iso_8601_utc_timestamp()
    {
        var response = await _client.PostAsJsonAsync("/users", new { name = "Alan", email = Api.UniqueEmail() });

        var json = await response.Content.ReadAsStringAsync();
        json.Should().Contain("\"id\":").And.Contain("\"name\":").And.Contain("\"email\":").And.Contain("\"createdAt\":");
        json.Should().MatchRegex("\"createdAt\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|\\+00:00)\"");
    }

    [Fact]
    public async Task Name_and_email_are_stored_trimmed()
    {
        var email = Api.UniqueEmail();

        var user = await (await _client.PostAsJsonAsync("/users", new { name = "  Ada  ", email = $"  {email}  " }))
            .ReadAsync<Api.UserDto>();

        user.Name.Should().Be("Ada");
        user.Email.Should().Be(email);
    }

    [Fact]
    public async Task Creating_a_user_with_a_taken_email_returns_409()
    {
        var email = Api.UniqueEmail();
        await _client.CreateUserAsync(email);

        var response = await _client.PostAsJsonAsync("/users", new { name = "Someone else", email });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.ReadProblemAsync();
        problem.Status.Should().Be(409);
        problem.Detail.Should().Contain("already exists");
    }

    [Fact]
    public async Task Email_uniqueness_ignores_case_and_surrounding_spaces()
    {
        var email = Api.UniqueEmail();
        await _client.CreateUserAsync(email);

        var response = await _client.PostAsJsonAsync("/users", new { name = "Twin", email = $"  {email.ToUpperInvariant()} " });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Fifty_parallel_creates_with_one_email_give_exactly_one_201_and_49_409s()
    {
        var email = Api.UniqueEmail();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            _client.PostAsJsonAsync("/users", new { name = $"Racer {i}", email })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(49);
        var stored = await host.InScopeAsync<UsersDbContext, int>(db => db.Users.CountAsync(u => u.NormalizedEmail == email));
        stored.Should().Be(1);
    }
}

/// <summary>On SQLite files, the embedded default.</summary>
public sealed class CreateUserTestsOnSqlite(TestHost host) : CreateUserTests<TestHost>(host);

/// <summary>On PostgreSQL, where the database, not this process, arbitrates concurrent writers.</summary>
public sealed class CreateUserTestsOnPostgreSql(PostgreSqlTestHost host) : CreateUserTests<PostgreSqlTestHost>(host);
