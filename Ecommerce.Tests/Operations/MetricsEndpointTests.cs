using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

public sealed class MetricsEndpointTests(TestHost host) : IClassFixture<TestHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task The_prometheus_endpoint_shows_the_outbox_the_pipeline_http_and_runtime_meters()
    {
        var user = await _client.CreateUserAsync();
        await _client.CreateOrderOnceUserIsKnownAsync(user.Id);

        // The exporter caches a scrape briefly: wait for one taken after the events were relayed.
        var metrics = await Eventually.Async(() => _client.GetStringAsync("/metrics"),
            text => text.Contains("ecommerce_outbox_relayed_total{", StringComparison.Ordinal), "a scrape with relayed events");

        metrics.Should().Contain("ecommerce_outbox_pending{").And.Contain("module=\"Users\"").And.Contain("module=\"Orders\"");
        metrics.Should().Contain("ecommerce_outbox_oldest_pending_age_seconds{");
        metrics.Should().Contain("http_server_request_duration_seconds");
        metrics.Should().Contain("dotnet_gc_");
    }
}
