using Ecommerce.Host;
using Ecommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Ecommerce.Tests.Operations;

/// <summary>The host with its management port on, as outside Development (TestServer has no ports: each request says which one it came in on).</summary>
public sealed class ManagementPortTestHost : TestHost
{
    public const int ManagementPort = 8081;
    public const int ApiPort = 8080;

    public ManagementPortTestHost()
    {
        Settings["Management:SeparatePort"] = "true";
        Settings["Management:Port"] = ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Outside Development, health and metrics are on the management port only, and that port serves nothing
/// else; which port is the connection's, never what the Host header claims. The real process in
/// Production: <see cref="ProductionHostTests"/>.
/// </summary>
public sealed class ManagementPortTests(ManagementPortTestHost host) : IClassFixture<ManagementPortTestHost>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task Operations_endpoints_answer_on_the_management_port_and_are_unknown_on_the_api_port(string path)
    {
        (await StatusAsync(path, ManagementPortTestHost.ManagementPort)).Should().Be(StatusCodes.Status200OK);
        (await StatusAsync(path, ManagementPortTestHost.ApiPort)).Should().Be(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task The_management_port_serves_no_api_endpoint()
    {
        (await StatusAsync("/users", ManagementPortTestHost.ApiPort)).Should().Be(StatusCodes.Status401Unauthorized, "an API endpoint: it asks who is calling");
        (await StatusAsync("/users", ManagementPortTestHost.ManagementPort)).Should().Be(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task A_host_header_naming_the_management_port_does_not_open_metrics_on_the_api_port()
    {
        (await StatusAsync("/metrics", ManagementPortTestHost.ApiPort, hostHeader: $"localhost:{ManagementPortTestHost.ManagementPort}"))
            .Should().Be(StatusCodes.Status404NotFound);
    }

    [Theory]
    [InlineData("Production", "http_ports=8080", "http://localhost:8081/health/ready")]
    [InlineData("Production", "http_ports=8080;Management:Port=9100", "http://localhost:9100/health/ready")]
    [InlineData("Staging", "http_ports=8080;Management:SeparatePort=false", "http://localhost:8080/health/ready")]
    [InlineData("Development", "urls=http://localhost:5080", "http://localhost:5080/health/ready")]
    [InlineData("Development", "", "http://localhost:5000/health/ready")]
    public void The_health_check_command_asks_the_management_port_unless_there_is_none(string environment, string settings, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('=', 2)).Select(kv => new KeyValuePair<string, string?>(kv[0], kv[1]))).Build();

        Health.ReadinessUrl(configuration, new HostingEnvironment { EnvironmentName = environment }).Should().Be(expected);
    }

    [Theory]
    [InlineData("Development", false, false, true)]
    [InlineData("Testing", true, true, true)]
    [InlineData("Staging", true, true, true)]
    [InlineData("Production", true, true, false)]
    public void Each_environment_has_its_defaults(string environment, bool separateManagementPort, bool rateLimited, bool apiDocs)
    {
        var hosting = new HostingEnvironment { EnvironmentName = environment };

        new ManagementOptions().IsSeparateIn(hosting).Should().Be(separateManagementPort);
        new RateLimitingOptions().IsEnabledIn(hosting).Should().Be(rateLimited);
        new ApiDocsOptions().IsEnabledIn(hosting).Should().Be(apiDocs);
    }

    private async Task<int> StatusAsync(string path, int localPort, string? hostHeader = null)
    {
        var context = await host.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = path;
            http.Connection.LocalPort = localPort;
            if (hostHeader is not null)
            {
                http.Request.Host = new HostString(hostHeader);
            }
        });
        return context.Response.StatusCode;
    }
}
