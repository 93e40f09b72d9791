using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>The modules talking over Kafka (librdkafka's mock cluster), and what the records look like on the wire.</summary>
public abstract class KafkaEventFlowTests(EmbeddedKafkaBroker broker, KafkaTestHost host) : KafkaHostTests(broker, host)
{

    [Fact]
    public async Task A_user_and_an_order_flow_between_the_modules_over_kafka()
    {
        var user = await Client.CreateUserAsync();

        var order = await Client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 49.90m);
        var summary = await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 1);
        summary.TotalSpent.Should().Be(49.90m);

        (await Client.PostAsync($"/orders/{order.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var adjusted = await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 0);
        adjusted.TotalSpent.Should().Be(0m);
    }

    [Fact]
    public async Task A_UserCreated_record_carries_the_user_id_as_key_cloudevents_headers_and_a_json_body()
    {
        var user = await Client.CreateUserAsync(name: "Grace Hopper");

        var record = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).SingleOrDefault(r => r.Key == user.Id.ToString())),
            r => r is not null, "the UserCreated record");

        record!.Header(CloudEventHeaders.SpecVersion).Should().Be("1.0");
        record.Header(CloudEventHeaders.Type).Should().Be(Events.UserCreatedType);
        record.Header(CloudEventHeaders.DataSchema).Should().Be($"http://localhost:8080/events/schemas/{Events.UserCreatedType}.json");
        record.Header(CloudEventHeaders.Source).Should().Be("/ecommerce/users");
        record.Header(CloudEventHeaders.ContentType).Should().Be("application/json");
        DateTimeOffset.Parse(record.Header(CloudEventHeaders.Time)!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(user.CreatedAt, TimeSpan.FromMilliseconds(1));
        record.Header(CloudEventHeaders.TraceParent).Should().MatchRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$");
        using var body = JsonDocument.Parse(record.Value);
        body.RootElement.GetProperty("eventId").GetGuid().Should().Be(Guid.Parse(record.Header(CloudEventHeaders.Id)!));
        body.RootElement.GetProperty("userId").GetGuid().Should().Be(user.Id);
        body.RootElement.GetProperty("name").GetString().Should().Be("Grace Hopper");
        body.RootElement.GetProperty("email").GetString().Should().Be(user.Email);
    }

    [Fact]
    public async Task Without_spans_recorded_a_requests_trace_context_still_reaches_its_record()
    {
        // Spans are recorded only when traces are exported (OpenTelemetry:Traces, off here); the caller's
        // trace must still travel on through the outbox row to the record.
        var user = await Client.CreateUserAsync();
        await Client.CreateOrderOnceUserIsKnownAsync(user.Id);
        var trace = ActivityTraceId.CreateRandom();
        var order = await Client.CreateOrderInTraceAsync(user.Id, trace);

        var record = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersTopic).SingleOrDefault(r => r.Key == order.Id.ToString())),
            r => r is not null, "the OrderCreated record");

        record!.Header(CloudEventHeaders.TraceParent).Should().StartWith($"00-{trace.ToHexString()}-");
    }

    [Fact]
    public async Task An_orders_events_are_keyed_by_the_order_in_order_with_exact_decimal_totals()
    {
        var user = await Client.CreateUserAsync();
        var order = await Client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 1234.50m);
        await Client.PostAsync($"/orders/{order.Id}/cancel", null);

        var records = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersTopic).Where(r => r.Key == order.Id.ToString()).ToList()),
            r => r.Count == 2, "the order's two records");

        records.Select(r => r.Header(CloudEventHeaders.Type)).Should().Equal(Events.OrderCreatedType, Events.OrderCancelledType);
        records[0].Value.Should().Contain("\"currency\":\"EUR\"");
        records.Select(r => r.Partition).Distinct().Should().ContainSingle();
        records.Should().AllSatisfy(r => r.Value.Should().Contain("\"totalPrice\":1234.50"));
        records.Should().AllSatisfy(r => r.Header(CloudEventHeaders.Source).Should().Be("/ecommerce/orders"));
    }
}

public sealed class KafkaEventFlowTestsOnSqlite(EmbeddedKafkaBroker broker) : KafkaEventFlowTests(broker, new KafkaTestHost(broker));

public sealed class KafkaEventFlowTestsOnPostgreSql(EmbeddedKafkaBroker broker)
    : KafkaEventFlowTests(broker, new KafkaTestHost(broker) { ConnectionString = Postgres.NewDatabaseAsync().GetAwaiter().GetResult() });
