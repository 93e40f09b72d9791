using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Faults;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// The real host process in Production, with nothing but what an operator must give it (its data folder,
/// the broker: the standalone one, since Production refuses the embedded one) and its two ports: health and
/// metrics only on the management port, no API docs unless switched on, writes rate limited.
/// </summary>
public sealed class ProductionHostTests
{
    [Fact]
    public async Task In_production_health_and_metrics_answer_on_the_management_port_only_api_docs_are_off_and_sign_ups_are_limited()
    {
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        await using var host = await ProductionHost.StartAsync(bootstrap);

        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics" })
        {
            (await host.Api.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound, $"the API port does not answer {path}");
            (await host.Management.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK, $"the management port answers {path}");
        }

        (await host.Management.GetStringAsync("/metrics")).Should().Contain("ecommerce_outbox_pending{");
        foreach (var path in new[] { "/openapi/v1.json", "/scalar/v1", "/" })
        {
            (await host.Api.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound, $"API docs are off in Production by default ({path})");
        }

        using var list = new HttpRequestMessage(HttpMethod.Get, "/users");
        list.Headers.Authorization = new("Bearer", Ecommerce.Benchmark.Tokens.Admin);
        (await host.Api.SendAsync(list)).StatusCode.Should().Be(HttpStatusCode.OK, "the API answers on its own port");
        (await host.Management.GetAsync("/users")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the management port serves no API");

        // The default: 5 sign-ups per 10 minutes from one address (127.0.0.1 here).
        for (var i = 0; i < 5; i++)
        {
            (await host.Api.PostAsJsonAsync("/users", new { name = "Ada", email = Api.UniqueEmail() })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var refused = await host.Api.PostAsJsonAsync("/users", new { name = "Ada", email = Api.UniqueEmail() });
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        (await refused.ReadProblemAsync()).Title.Should().Be("Too many requests");
    }

    [Fact]
    public async Task In_production_the_api_docs_are_served_once_switched_on()
    {
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        await using var host = await ProductionHost.StartAsync(bootstrap, new() { ["ApiDocs__Enabled"] = "true" });

        (await host.Api.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Api.GetAsync("/scalar/v1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Management.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the docs describe the API, on its port");
    }

    private sealed class ProductionHost : IAsyncDisposable
    {
        private readonly ChildProcess _process;
        private readonly string _dataDirectory;

        private ProductionHost(ChildProcess process, string dataDirectory, int apiPort, int managementPort)
        {
            _process = process;
            _dataDirectory = dataDirectory;
            Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
            Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
        }

        public HttpClient Api { get; }

        public HttpClient Management { get; }

        public static async Task<ProductionHost> StartAsync(string bootstrapServers, Dictionary<string, string>? settings = null)
        {
            var dataDirectory = TestHost.NewDataDirectory();
            var (apiPort, managementPort) = (FaultSuite.FreePort(), FaultSuite.FreePort());
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
                ["Management__Port"] = managementPort.ToString(CultureInfo.InvariantCulture),
                ["Database__DataDirectory"] = dataDirectory,
                ["Kafka__BootstrapServers"] = bootstrapServers,
                ["Kafka__Consumer__FetchWaitMaxMs"] = "2",
            }.WithTokenSettings();
            foreach (var (key, value) in settings ?? [])
            {
                environment[key] = value;
            }

            var host = new ProductionHost(
                ChildProcess.StartDotnet(HostUnderTest.HostDll(Repository.Root(), FaultSuite.Configuration), "", environment), dataDirectory, apiPort, managementPort);
            await Eventually.True(async () =>
            {
                try
                {
                    return host._process.HasExited || (await host.Management.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, "the host to be ready on its management port", TimeSpan.FromSeconds(60));
            host._process.HasExited.Should().BeFalse(string.Join('\n', host._process.Output));
            return host;
        }

        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            Management.Dispose();
            await _process.DisposeAsync();
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_dataDirectory))
            {
                TempFolders.Delete(_dataDirectory);
            }
        }
    }
}
