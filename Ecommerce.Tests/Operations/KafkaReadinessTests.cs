using System.Net;
using System.Text.Json;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

public sealed class KafkaReadinessTests : IClassFixture<EmbeddedKafkaBroker>, IAsyncLifetime
{
    private readonly EmbeddedKafkaBroker _broker;
    private readonly KafkaTestHost _host;
    private HttpClient _client = null!;

    public KafkaReadinessTests(EmbeddedKafkaBroker broker)
    {
        _broker = broker;
        _host = new KafkaTestHost(broker)
        {
            Settings =
            {
                ["Outbox:DegradedAfter"] = "00:00:00.500",
                ["Outbox:UnhealthyAfter"] = "00:00:06",
            },
        };
    }

    public Task InitializeAsync()
    {
        _client = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _broker.BringUp();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Readiness_reports_the_broker_and_the_dead_letter_counts()
    {
        var (status, checks) = await ReadinessAsync();

        status.Should().Be(HttpStatusCode.OK);
        var kafka = checks.GetProperty("kafka");
        kafka.GetProperty("status").GetString().Should().Be("Healthy");
        kafka.GetProperty("data").GetProperty("bootstrapServers").GetString().Should().Be(_broker.BootstrapServers);
        var deadLetters = kafka.GetProperty("data").GetProperty("deadLetters");
        deadLetters.GetProperty(_host.OrdersDeadLetterTopic).GetInt64().Should().Be(0);
        deadLetters.GetProperty(_host.UsersDeadLetterTopic).GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task With_the_broker_down_readiness_degrades_then_turns_unhealthy_as_events_wait()
    {
        await _client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);
        _broker.TakeDown();

        await _client.CreateUserAsync();

        var degraded = await Eventually.Async(ReadinessAsync, r => Status(r.Checks, "outbox:users") == "Degraded", "the waiting event to degrade readiness");
        degraded.Status.Should().Be(HttpStatusCode.OK, "a degraded instance still takes traffic: writes go on");
        Status(degraded.Checks, "kafka").Should().Be("Degraded");
        var unhealthy = await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.ServiceUnavailable, "readiness to turn unhealthy");
        Status(unhealthy.Checks, "outbox:users").Should().Be("Unhealthy");
        unhealthy.Checks.GetProperty("outbox:users").GetProperty("data").GetProperty("pending").GetInt32().Should().Be(1);

        _broker.BringUp();

        await Eventually.Async(ReadinessAsync, r => r.Status == HttpStatusCode.OK && Status(r.Checks, "outbox:users") == "Healthy", "readiness to recover");
    }

    private static string? Status(JsonElement checks, string name) => checks.GetProperty(name).GetProperty("status").GetString();

    private async Task<(HttpStatusCode Status, JsonElement Checks)> ReadinessAsync()
    {
        var response = await _client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").Clone());
    }
}
