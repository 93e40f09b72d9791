using System.Net;
using System.Text.Json;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

public sealed class KafkaReadinessTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker, new KafkaTestHost(broker)
{
    Settings =
    {
        ["Outbox:DegradedAfter"] = "00:00:00.500",
        ["Outbox:UnhealthyAfter"] = "00:00:06",
    },
})
{

    [Fact]
    public async Task Readiness_reports_the_broker_and_the_dead_letter_counts()
    {
        // Readiness answers from the broker probe's last look; the first look follows the start.
        var (status, checks) = await Eventually.Async(ReadinessAsync, r => Status(r.Checks, "kafka") == "Healthy", "the first broker probe");

        status.Should().Be(HttpStatusCode.OK);
        var kafka = checks.GetProperty("kafka");
        kafka.GetProperty("data").GetProperty("bootstrapServers").GetString().Should().Be(Broker.BootstrapServers);
        var deadLetters = kafka.GetProperty("data").GetProperty("deadLetters");
        deadLetters.GetProperty(Host.OrdersDeadLetterTopic).GetInt64().Should().Be(0);
        deadLetters.GetProperty(Host.UsersDeadLetterTopic).GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task With_the_broker_down_readiness_degrades_then_turns_unhealthy_as_events_wait()
    {
        await Client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);
        Broker.TakeDown();

        await Client.CreateUserAsync();

        var degraded = await Eventually.Async(ReadinessAsync, r => Status(r.Checks, "outbox:users") == "Degraded" && Status(r.Checks, "kafka") == "Degraded",
            "the unreachable broker and the waiting event to degrade readiness");
        degraded.Status.Should().Be(HttpStatusCode.OK, "a degraded instance still takes traffic: writes go on");
        var unhealthy = await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.ServiceUnavailable, "readiness to turn unhealthy");
        Status(unhealthy.Checks, "outbox:users").Should().Be("Unhealthy");
        unhealthy.Checks.GetProperty("outbox:users").GetProperty("data").GetProperty("pending").GetInt32().Should().Be(1);

        Broker.BringUp();

        await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.OK && Status(r.Checks, "outbox:users") == "Healthy", "readiness to recover");
    }

    private static string? Status(JsonElement checks, string name) => checks.GetProperty(name).GetProperty("status").GetString();

    private async Task<(HttpStatusCode Status, JsonElement Checks)> ReadinessAsync()
    {
        var response = await Client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").Clone());
    }
}
