using System.Net;
using System.Text.Json;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>A broker without the host's topics (a fresh cluster) is an environment to wait for, not a reason to stop.</summary>
public sealed class MissingTopicsTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker, new KafkaTestHost(broker, createTopics: false))
{
    [Fact]
    public async Task A_host_on_a_broker_without_its_topics_stays_up_reports_them_and_works_once_they_exist()
    {
        using var metrics = new MetricsProbe(Host.Services);

        var notReady = await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.ServiceUnavailable && Status(r.Checks, "kafka") == "Unhealthy",
            "readiness to report the missing topics");
        var missing = notReady.Checks.GetProperty("kafka").GetProperty("data").GetProperty("missingTopics").EnumerateArray().Select(t => t.GetString()).ToList();
        missing.Should().Contain([Host.UsersTopic, Host.OrdersTopic, Host.UsersDeadLetterTopic, Host.OrdersDeadLetterTopic]);
        // The consumers have run into the missing topics, and the host is still there.
        await Eventually.True(() => metrics.Sum("ecommerce.consumer.client_errors", "Orders") > 0, "the consumers to meet the missing topics");
        (await Client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var user = await Client.CreateUserAsync();

        Host.CreateTopics();

        await Client.CreateOrderOnceUserIsKnownAsync(user.Id);
        await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 1);
        await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.OK && Status(r.Checks, "kafka") == "Healthy", "readiness once the topics exist");
    }

    private async Task<(HttpStatusCode Status, JsonElement Checks)> ReadinessAsync()
    {
        var response = await Client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").Clone());
    }

    private static string? Status(JsonElement checks, string name) => checks.GetProperty(name).GetProperty("status").GetString();
}
