using System.Net;
using System.Text.Json;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>A broker without the host's topics (a fresh cluster) is an environment to wait for, not a reason to stop.</summary>
public sealed class MissingTopicsTests : KafkaHostTests, IDisposable
{
    // Listening before the host starts: its consumers meet the missing topics while it starts, and
    // librdkafka reports a missing topic once, not again while it stays missing.
    private readonly MetricsProbe _metrics;

    public MissingTopicsTests(EmbeddedKafkaBroker broker)
        : base(broker, new KafkaTestHost(broker, createTopics: false)) =>
        _metrics = new MetricsProbe(Host);

    [Fact]
    public async Task A_host_on_a_broker_without_its_topics_stays_up_reports_them_and_works_once_they_exist()
    {
        var notReady = await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.ServiceUnavailable && Status(r.Checks, "kafka") == "Unhealthy",
            "readiness to report the missing topics");
        var missing = notReady.Checks.GetProperty("kafka").GetProperty("data").GetProperty("missingTopics").EnumerateArray().Select(t => t.GetString()).ToList();
        missing.Should().Contain([Host.UsersTopic, Host.OrdersTopic, Host.UsersDeadLetterTopic, Host.OrdersDeadLetterTopic]);
        // The consumers have run into the missing topics, and the host is still there.
        await Eventually.True(() => _metrics.Sum("ecommerce.consumer.client_errors", "Orders") > 0, "the consumers to meet the missing topics");
        (await Client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var user = await Client.CreateUserAsync();

        Host.CreateTopics();

        await Client.CreateOrderOnceUserIsKnownAsync(user.Id);
        await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 1);
        await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.OK && Status(r.Checks, "kafka") == "Healthy", "readiness once the topics exist");
    }

    public void Dispose() => _metrics.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Checks)> ReadinessAsync()
    {
        var response = await Client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").Clone());
    }

    private static string? Status(JsonElement checks, string name) => checks.GetProperty(name).GetProperty("status").GetString();
}
