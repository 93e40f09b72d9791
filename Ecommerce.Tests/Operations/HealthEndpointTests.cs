using System.Net;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

public sealed class HealthEndpointTests(TestHost host) : IClassFixture<TestHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task Liveness_answers_200_json_without_running_any_check()
    {
        var response = await _client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
        body.RootElement.GetProperty("checks").EnumerateObject().Should().BeEmpty();
    }

    [Fact]
    public async Task Readiness_reports_each_modules_database_and_outbox_backlog()
    {
        await _client.CreateUserAsync();

        var response = await _client.GetAsync("/health/ready");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        checks.EnumerateObject().Select(c => c.Name).Should().Contain(["database:users", "database:orders", "outbox:users", "outbox:orders"]);
        checks.GetProperty("database:users").GetProperty("status").GetString().Should().Be("Healthy");
        var outbox = checks.GetProperty("outbox:users").GetProperty("data");
        outbox.GetProperty("pending").GetInt32().Should().BeGreaterThanOrEqualTo(0);
        outbox.GetProperty("oldestPendingAgeSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
    }
}
