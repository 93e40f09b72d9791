using System.Net;
using System.Text;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Http;

public sealed class ClientErrorTests(TestHost host) : IClassFixture<TestHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Theory]
    [InlineData("/users", """{"name":"Ada","email":""")]
    [InlineData("/users", "{not json}")]
    [InlineData("/users", """{"name":"Ada","email":"a@example.com"}}""")]
    [InlineData("/orders", "[1,2,3")]
    [InlineData("/orders", "null")]
    public async Task Malformed_json_returns_400_problem_details_and_writes_nothing(string url, string body)
    {
        var before = await CountRowsAsync();

        var response = await _client.PostJsonAsync(url, body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Status.Should().Be(400);
        (await CountRowsAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("/users")]
    [InlineData("/orders")]
    public async Task A_missing_body_returns_400(string url)
    {
        var response = await _client.PostAsync(url, null);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Status.Should().Be(400);
    }

    [Fact]
    public async Task Deeply_nested_json_returns_400()
    {
        var body = """{"name":""" + new string('[', 200) + new string(']', 200) + ""","email":"a@example.com"}""";

        var response = await _client.PostJsonAsync("/users", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_returns_415()
    {
        var response = await _client.PostAsync("/users",
            new StringContent("name=Ada&email=a@example.com", Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await response.ReadProblemAsync()).Status.Should().Be(415);
    }

    [Fact]
    public async Task An_unknown_route_returns_404_problem_details()
    {
        var response = await _client.GetAsync("/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Status.Should().Be(404);
    }

    [Fact]
    public async Task An_unsupported_method_returns_405()
    {
        var response = await _client.DeleteAsync("/users");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Error_responses_carry_no_stack_trace()
    {
        var response = await _client.PostJsonAsync("/orders", """{"quantity":"lots"}""");

        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain(" at ").And.NotContain("Exception");
    }

    private async Task<(int Users, int Orders)> CountRowsAsync() => (
        await host.InScopeAsync<UsersDbContext, int>(db => db.Users.CountAsync()),
        await host.InScopeAsync<OrdersDbContext, int>(db => db.Orders.CountAsync()));
}
