using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>Bad configuration stops the host at startup with a message naming the key, never at the first request.</summary>
public sealed class ConfigurationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Database:DataDirectory", "", "Database:DataDirectory is required" },
        { "Database:BusyTimeoutSeconds", "0", "Database:BusyTimeoutSeconds" },
        { "Outbox:BatchSize", "0", "Outbox:BatchSize" },
        { "Outbox:PollInterval", "00:00:00", "Outbox:PollInterval" },
        { "Outbox:UnhealthyAfter", "00:00:01", "Outbox:UnhealthyAfter" },
        { "Messaging:Transport", "CarrierPigeon", "Messaging:Transport" },
        { "Http:MaxRequestBodyBytes", "-1", "Http:MaxRequestBodyBytes" },
        { "OpenTelemetry:OtlpEndpoint", "not a uri", "OpenTelemetry:OtlpEndpoint" },
        { "Modules:Enabled", "Users,Payments", "Modules:Enabled" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_fails_startup_naming_the_key(string key, string value, string message)
    {
        await using var host = new TestHost { Settings = { [key] = value } };

        var start = () => host.CreateClient();

        start.Should().Throw<Exception>().Where(e => Messages(e).Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_kafka_setting_fails_startup_naming_the_key()
    {
        await using var host = new TestHost { Settings = { ["Messaging:Transport"] = "Kafka", ["Kafka:BootstrapServers"] = "127.0.0.1:1", ["Kafka:Consumer:MaxAttempts"] = "0" } };

        var start = () => host.CreateClient();

        start.Should().Throw<Exception>().Where(e => Messages(e).Contains("Kafka:Consumer:MaxAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_kafka_cluster_rather_than_use_the_embedded_broker()
    {
        await using var host = new TestHost { Settings = { ["environment"] = "Production", ["Messaging:Transport"] = "Kafka", ["Kafka:BootstrapServers"] = "" } };

        var start = () => host.CreateClient();

        start.Should().Throw<Exception>().Where(e => Messages(e).Contains("Kafka:BootstrapServers is required in Production", StringComparison.Ordinal));
    }

    private static string Messages(Exception e) => e.InnerException is null ? e.Message : $"{e.Message} {Messages(e.InnerException)}";
}
