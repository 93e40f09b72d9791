using System.Net;
using System.Text.Json;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Tests.Contracts;

/// <summary>
/// Events change without losing any: a consumer reads every version it knows as the newest, a producer
/// can keep writing an older one while its consumers migrate, and a record of a type or a version this
/// build does not know is never passed over in silence.
/// </summary>
public sealed class EventVersionTests : KafkaHostTests
{
    private readonly LogCollector _logs;

    public EventVersionTests(EmbeddedKafkaBroker broker)
        : this(broker, new LogCollector())
    {
    }

    private EventVersionTests(EmbeddedKafkaBroker broker, LogCollector logs)
        : base(broker, new KafkaTestHost(broker)
        {
            Settings = { ["Orders:Currency"] = "CHF" },
            TestServices = services => services.AddSingleton<ILoggerProvider>(logs),
        }) => _logs = logs;

    [Fact]
    public async Task Version_1_OrderCreated_records_still_on_the_topic_are_applied_after_the_upgrade_in_the_shops_currency()
    {
        var (user, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);

        // One as version 1 says it, one from before wire types (its CLR name), as a producer of the last release wrote them.
        await ProduceOrderCreatedV1Async(user.Id, Events.OrderCreatedV1Type, 7.00m);
        await ProduceOrderCreatedV1Async(user.Id, "Ecommerce.Modules.Orders.Contracts.OrderCreated", 11.00m);

        var summary = await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 3);
        summary.TotalSpent.Should().Be(23.00m);
        KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersDeadLetterTopic).Should().BeEmpty();
    }

    [Fact]
    public async Task An_outbox_row_written_before_the_upgrade_leaves_with_its_wire_type_and_is_applied()
    {
        // As the last release wrote it: the CLR name as its type. Its commit wakes the relay.
        var userId = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();
        await Host.InScopeAsync<UsersDbContext, int>(db =>
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                EventId = eventId,
                Type = "Ecommerce.Modules.Users.Contracts.UserCreated",
                Key = userId.ToString(),
                Payload = $$"""{"eventId":"{{eventId}}","userId":"{{userId}}","name":"Pending","email":"pending-{{userId:N}}@example.com","occurredAt":"2026-11-27T10:00:00+00:00"}""",
                OccurredAt = DateTimeOffset.UtcNow,
            });
            return db.SaveChangesAsync();
        });

        var record = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).SingleOrDefault(r => r.Key == userId.ToString())),
            r => r is not null, "the pending row to be relayed");
        record!.Header(CloudEventHeaders.Type).Should().Be(Events.UserCreatedType);
        record.Header(CloudEventHeaders.DataSchema).Should().EndWith($"/{Events.UserCreatedType}.json");
        await Client.CreateOrderOnceUserIsKnownAsync(userId);
    }

    [Fact]
    public async Task A_type_this_build_does_not_know_is_skipped_counted_logged_once_and_shown_by_readiness()
    {
        using var metrics = new MetricsProbe(Host.Services);
        const string shipped = "ecommerce.orders.order-shipped.v1";
        for (var i = 0; i < 3; i++)
        {
            await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition: 0, Guid.CreateVersion7().ToString(),
                """{"orderId":"6a0b1c2d-0000-7000-8000-000000000000"}""", (CloudEventHeaders.Type, shipped));
        }

        // The partition moves on: an order behind them is applied.
        await Client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);
        await Eventually.True(() => metrics.Sum("ecommerce.consumer.unknown_types", "Users") == 3, "the three unknown records to be counted");
        _logs.Records.Where(r => r.Message.Contains(shipped, StringComparison.Ordinal)).Should().ContainSingle("an unknown type is logged once, not per record");
        using var readiness = JsonDocument.Parse(await (await Client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        var consumers = readiness.RootElement.GetProperty("checks").GetProperty("consumer:users");
        consumers.GetProperty("status").GetString().Should().Be("Healthy");
        consumers.GetProperty("data").GetProperty($"skipped records of unknown type '{shipped}'").GetInt64().Should().Be(3);
        KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersDeadLetterTopic).Should().BeEmpty("another service's event is not bad work");
    }

    [Fact]
    public async Task A_version_this_build_does_not_know_of_an_event_it_knows_is_dead_lettered_for_replay_after_an_upgrade()
    {
        var (user, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);
        var order = Guid.CreateVersion7();
        await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition: 0, order.ToString(),
            $$"""{"eventId":"{{Guid.CreateVersion7()}}","orderId":"{{order}}","userId":"{{user.Id}}","product":"Future","quantity":1,"totalPrice":3.00,"currency":"EUR","giftWrapped":true,"occurredAt":"2026-11-27T10:00:00+00:00"}""",
            (CloudEventHeaders.Type, "ecommerce.orders.order-created.v3"));

        var deadLetter = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersDeadLetterTopic).SingleOrDefault(r => r.Key == order.ToString())),
            r => r is not null, "the version 3 record to be dead-lettered");
        deadLetter!.Header(DeadLetterHeaders.Error).Should().Contain("ecommerce.orders.order-created.v3").And.Contain("upgrade the consumer");
        (await Client.GetUserAsync(user.Id)).Orders.Count.Should().Be(1);
    }

    [Fact]
    public async Task Each_record_points_at_its_schema_which_the_host_serves_as_checked_in()
    {
        var (user, order) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);
        var records = KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).Where(r => r.Key == user.Id.ToString())
            .Concat(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersTopic).Where(r => r.Key == order.Id.ToString()))
            .ToList();

        records.Should().HaveCount(2);
        foreach (var record in records)
        {
            var schema = new Uri(record.Header(CloudEventHeaders.DataSchema)!);
            schema.AbsolutePath.Should().Be($"/events/schemas/{record.Header(CloudEventHeaders.Type)}.json");
            var response = await Client.GetAsync(schema.AbsolutePath);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var contract = EventSchemas.Contracts().Single(c => c.WireType == record.Header(CloudEventHeaders.Type));
            (await response.Content.ReadAsStringAsync()).Should().Be(await File.ReadAllTextAsync(EventSchemas.CheckedInPath(contract)));
        }

        (await Client.GetAsync("/events/schemas/ecommerce.orders.order-created.v9.json")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<Guid> ProduceOrderCreatedV1Async(Guid userId, string type, decimal totalPrice)
    {
        var order = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();
        await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition: 0, order.ToString(),
            $$"""{"eventId":"{{eventId}}","orderId":"{{order}}","userId":"{{userId}}","product":"Old","quantity":1,"totalPrice":{{totalPrice:F2}},"occurredAt":"2026-11-27T10:00:00+00:00"}""",
            (CloudEventHeaders.Type, type), (CloudEventHeaders.Id, eventId.ToString()));
        return order;
    }
}

/// <summary>While its consumers migrate, a producer can be told to keep writing an older version.</summary>
public sealed class EventVersionPinnedTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker, new KafkaTestHost(broker)
{
    Settings = { ["Events:Emit:ecommerce.orders.order-created"] = "1" },
})
{
    [Fact]
    public async Task A_producer_told_to_emit_version_1_writes_it_and_its_consumers_apply_it()
    {
        var (user, order) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);

        var record = KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersTopic).Single(r => r.Key == order.Id.ToString());
        record.Header(CloudEventHeaders.Type).Should().Be(Events.OrderCreatedV1Type);
        record.Header(CloudEventHeaders.DataSchema).Should().EndWith($"/{Events.OrderCreatedV1Type}.json");
        using var body = JsonDocument.Parse(record.Value);
        body.RootElement.TryGetProperty("currency", out _).Should().BeFalse("version 1 has no currency");
        body.RootElement.GetProperty("totalPrice").GetDecimal().Should().Be(5.00m);
        (await Client.GetUserAsync(user.Id)).Orders.TotalSpent.Should().Be(5.00m);
        order.Currency.Should().Be("EUR", "the order itself keeps its currency");
    }

    [Fact]
    public async Task Other_events_are_still_written_in_their_newest_version()
    {
        var (user, order) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);
        (await Client.PostAsync($"/orders/{order.Id}/cancel", null)).EnsureSuccessStatusCode();

        var cancelled = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersTopic).Where(r => r.Key == order.Id.ToString()).ToList()),
            r => r.Count == 2, "the order's two records");
        cancelled[1].Header(CloudEventHeaders.Type).Should().Be(Events.OrderCancelledType);
        (await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 0)).TotalSpent.Should().Be(0m);
    }
}
