using Ecommerce.Benchmark;
using Ecommerce.Tests.Faults;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// A setting the host cannot run with stops it at startup, before it takes a request: as the real
/// process, exit code 2 and one line naming the key, never a stack trace. The only thing that stops it.
/// </summary>
public sealed class ConfigurationTests
{
    public static TheoryData<string, string, string, string> Hazards => new()
    {
        // environment, key, value, what the one line must say
        { "Testing", "Database:DataDirectory", "", "Database:DataDirectory is required" },
        { "Testing", "Database:BusyTimeoutSeconds", "0", "Database:BusyTimeoutSeconds" },
        { "Testing", "Outbox:BatchSize", "0", "Outbox:BatchSize must be positive" },
        { "Testing", "Outbox:BatchSize", "lots", "Outbox:BatchSize" },
        { "Testing", "Outbox:PollInterval", "00:00:00", "Outbox:PollInterval" },
        { "Testing", "Outbox:UnhealthyAfter", "00:00:01", "Outbox:UnhealthyAfter" },
        { "Testing", "Inbox:Retention", "00:00:00", "Inbox:Retention" },
        { "Testing", "Messaging:Transport", "CarrierPigeon", "Messaging:Transport" },
        { "Testing", "Http:MaxRequestBodyBytes", "-1", "Http:MaxRequestBodyBytes" },
        { "Testing", "OpenTelemetry:OtlpEndpoint", "not a uri", "OpenTelemetry:OtlpEndpoint" },
        { "Testing", "Modules:Enabled", "Users,Payments", "Modules:Enabled" },
        { "Testing", "Kafka:Consumer:MaxAttempts", "0", "Kafka:Consumer:MaxAttempts" },
        { "Testing", "Kafka:DeadLetterSuffix", "", "Kafka:DeadLetterSuffix" },
        { "Testing", "Kafka:Topics:users", "no spaces allowed", "Kafka:Topics" },
        { "Testing", "RateLimiting:Writes:PermitLimit", "0", "RateLimiting:Writes:PermitLimit must be positive" },
        { "Testing", "RateLimiting:SignUp:PermitLimit", "-5", "RateLimiting:SignUp:PermitLimit must be positive" },
        { "Testing", "RateLimiting:SignUp:Window", "00:00:00", "RateLimiting:SignUp:Window must be positive" },
        { "Testing", "RateLimiting:Enabled", "maybe", "RateLimiting:Enabled" },
        { "Testing", "Management:Port", "0", "Management:Port must be a TCP port" },
        { "Testing", "Management:Port", "70000", "Management:Port must be a TCP port" },
        { "Testing", "Management:Port", "{api port}", "is also an API port" },
        { "Testing", "ApiDocs:Enabled", "maybe", "ApiDocs:Enabled" },
        // The embedded broker and the in-memory bus lose events on restart: Development and tests only.
        { "Production", "Kafka:BootstrapServers", "", "Kafka:BootstrapServers is required outside Development" },
        { "Staging", "Kafka:BootstrapServers", "", "Kafka:BootstrapServers is required outside Development" },
        { "Staging", "Messaging:Transport", "InMemory", "Messaging:Transport=InMemory is for tests only" },
    };

    [Theory]
    [MemberData(nameof(Hazards))]
    public async Task A_setting_the_host_cannot_run_with_stops_it_with_one_line_naming_the_key(string environment, string key, string value, string expected)
    {
        var dataDirectory = TestHost.NewDataDirectory();
        var apiPort = FaultSuite.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
            ["Database__DataDirectory"] = dataDirectory,
            ["Kafka__BootstrapServers"] = "127.0.0.1:1",
        };
        settings[key.Replace(":", "__", StringComparison.Ordinal)] = value.Replace("{api port}", apiPort, StringComparison.Ordinal);
        await using var host = ChildProcess.StartDotnet(HostUnderTest.HostDll(Repository.Root(), FaultSuite.Configuration), "", settings);

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.Should().Be(2, string.Join('\n', host.Output));
        host.Output.Should().ContainSingle("one line, not a stack trace: {0}", string.Join('\n', host.Output))
            .Which.Should().StartWith("Invalid configuration: ").And.Contain(expected);
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
