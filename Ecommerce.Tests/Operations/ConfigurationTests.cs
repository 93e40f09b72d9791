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
        { "Testing", "Kafka:SecurityProtocol", "Kerberos", "Kafka:SecurityProtocol" },
        { "Testing", "Kafka:SecurityProtocol", "SaslSsl", "Kafka:Sasl:Username and Kafka:Sasl:Password are required" },
        { "Testing", "Kafka:Sasl:Mechanism", "Gssapi", "Kafka:Sasl:Mechanism" },
        { "Testing", "Kafka:Sasl:Username", "shop", "Kafka:SecurityProtocol does not use SASL" },
        { "Testing", "Kafka:Ssl:CaLocation", "/no/such/ca.pem", "Kafka:Ssl:CaLocation" },
        { "Testing", "RateLimiting:Writes:PermitLimit", "0", "RateLimiting:Writes:PermitLimit must be positive" },
        { "Testing", "RateLimiting:SignUp:PermitLimit", "-5", "RateLimiting:SignUp:PermitLimit must be positive" },
        { "Testing", "RateLimiting:SignUp:Window", "00:00:00", "RateLimiting:SignUp:Window must be positive" },
        { "Testing", "RateLimiting:Enabled", "maybe", "RateLimiting:Enabled" },
        { "Testing", "Management:Port", "0", "Management:Port must be a TCP port" },
        { "Testing", "Management:Port", "70000", "Management:Port must be a TCP port" },
        { "Testing", "Management:Port", "{api port}", "is also an API port" },
        { "Testing", "ApiDocs:Enabled", "maybe", "ApiDocs:Enabled" },
        { "Testing", "Events:Emit:ecommerce.orders.order-created", "7", "Events:Emit:ecommerce.orders.order-created is 7, but this build knows versions 1, 2 of it" },
        { "Testing", "Events:Emit:ecommerce.orders.order-shipped", "1", "this build knows no event of that name" },
        { "Testing", "Events:SchemaBaseUri", "/events/schemas/", "Events:SchemaBaseUri" },
        { "Testing", "Orders:Currency", "euro", "Orders:Currency must be an ISO 4217 code" },
        // The embedded broker and the in-memory bus lose events on restart: Development and tests only.
        { "Production", "Kafka:BootstrapServers", "", "Kafka:BootstrapServers is required outside Development" },
        { "Staging", "Kafka:BootstrapServers", "", "Kafka:BootstrapServers is required outside Development" },
        { "Staging", "Messaging:Transport", "InMemory", "Messaging:Transport=InMemory is for tests only" },
        // Without keys every token is refused; a bad key would fail every request rather than the start.
        { "Production", NoAuthentication, "", "Authentication:Schemes:Bearer needs SigningKeys" },
        { "Testing", "Authentication:Schemes:Bearer:SigningKeys:0:Value", "c2hvcnQ=", "Authentication:Schemes:Bearer:SigningKeys:0 needs an Issuer and a Value of at least 32 bytes" },
    };

    // Stands for "no authentication settings at all" in the table above.
    private const string NoAuthentication = "(no Authentication section)";

    [Theory]
    [MemberData(nameof(Hazards))]
    public async Task A_setting_the_host_cannot_run_with_stops_it_with_one_line_naming_the_key(string environment, string key, string value, string expected)
    {
        var apiPort = FaultSuite.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var line = await TheOneLineOfAHostStartedWithAsync(
            new() { ["ASPNETCORE_ENVIRONMENT"] = environment, [key] = value.Replace("{api port}", apiPort, StringComparison.Ordinal) }, apiPort);

        line.Should().Contain(expected);
    }

    [Fact]
    public async Task Sasl_without_a_password_stops_the_host_with_one_line_that_shows_no_credential()
    {
        var line = await TheOneLineOfAHostStartedWithAsync(new()
        {
            ["Kafka:SecurityProtocol"] = "SaslPlaintext",
            ["Kafka:Sasl:Mechanism"] = "ScramSha256",
            ["Kafka:Sasl:Username"] = "shop-user-7f3a",
        });

        line.Should().Contain("Kafka:Sasl:Password").And.Contain("Kafka__Sasl__Password").And.NotContain("shop-user-7f3a");
    }

    [Fact]
    public async Task A_users_only_host_refuses_a_shop_currency_it_could_not_read_old_orders_in()
    {
        var line = await TheOneLineOfAHostStartedWithAsync(new() { ["Modules:Enabled"] = "Users", ["Orders:Currency"] = "euro" });

        line.Should().Contain("Orders:Currency must be an ISO 4217 code");
    }

    /// <summary>Starts the real host process with <paramref name="settings"/> (keys as in appsettings); returns the one line it printed before exiting with code 2.</summary>
    private static async Task<string> TheOneLineOfAHostStartedWithAsync(Dictionary<string, string> settings, string? apiPort = null)
    {
        var dataDirectory = TestHost.NewDataDirectory();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort ?? FaultSuite.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ["Database__DataDirectory"] = dataDirectory,
            ["Kafka__BootstrapServers"] = "127.0.0.1:1",
        };
        if (!settings.ContainsKey(NoAuthentication))
        {
            environment.WithTokenSettings(); // a host that trusts the tests' tokens, so only the setting under test is wrong
        }

        foreach (var (key, value) in settings.Where(s => s.Key != NoAuthentication))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        await using var host = ChildProcess.StartDotnet(HostUnderTest.HostDll(Repository.Root(), FaultSuite.Configuration), "", environment);

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.Should().Be(2, string.Join('\n', host.Output));
        var line = host.Output.Should().ContainSingle("one line, not a stack trace: {0}", string.Join('\n', host.Output))
            .Which.Should().StartWith("Invalid configuration: ").And.Subject;
        if (Directory.Exists(dataDirectory))
        {
            TempFolders.Delete(dataDirectory);
        }

        return line;
    }
}
