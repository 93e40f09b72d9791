using System.Net;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Users;

public sealed class CreateUserValidationTests(TestHost host) : IClassFixture<TestHost>
{
    private readonly HttpClient _client = host.CreateClient();

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"email":"a@example.com"}""", "name" },
        { """{"name":null,"email":"a@example.com"}""", "name" },
        { """{"name":"","email":"a@example.com"}""", "name" },
        { """{"name":"   ","email":"a@example.com"}""", "name" },
        { $$"""{"name":"{{new string('n', 201)}}","email":"a@example.com"}""", "name" },
        { """{"name":"Ada"}""", "email" },
        { """{"name":"Ada","email":""}""", "email" },
        { """{"name":"Ada","email":"not-an-email"}""", "email" },
        { """{"name":"Ada","email":"two@@example.com"}""", "email" },
        { """{"name":"Ada","email":"sp ace@example.com"}""", "email" },
        { """{"name":"Ada","email":"Ada <ada@example.com>"}""", "email" },
        { """{"name":"Ada","email":"ada@localhost"}""", "email" },
        { $$"""{"name":"Ada","email":"{{new string('a', 64)}}@{{new string('b', 186)}}.com"}""", "email" },
        { """{"name":42,"email":"a@example.com"}""", "name" },
        { """{"name":"Ada","email":["a@example.com"]}""", "email" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Creating_a_user_with_an_invalid_field_returns_400_naming_it_and_writes_nothing(string body, string field)
    {
        var before = await CountUsersAsync();

        var response = await _client.PostJsonAsync("/users", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Status.Should().Be(400);
        problem.Errors.Should().ContainKey(field);
        (await CountUsersAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_name_of_exactly_200_characters_is_accepted()
    {
        var response = await _client.PostJsonAsync("/users",
            $$"""{"name":"{{new string('n', 200)}}","email":"{{Api.UniqueEmail()}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_email_of_exactly_254_characters_is_accepted()
    {
        var email = $"{new string('a', 64)}@{new string('b', 185)}.com";
        email.Length.Should().Be(254);

        var response = await _client.PostJsonAsync("/users", $$"""{"name":"Long","email":"{{email}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private Task<int> CountUsersAsync() => host.InScopeAsync<UsersDbContext, int>(db => db.Users.CountAsync());
}
