using System.Net;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

// Sends give up quickly, so the outage exercises the relay's failure and backoff path.
public sealed class OutboxDuringBrokerOutageTests(EmbeddedKafkaBroker broker)
    : KafkaHostTests(broker, new KafkaTestHost(broker) { Settings = { ["Kafka:Producer:MessageTimeoutMs"] = "1000" } })
{
    [Fact]
    public async Task While_the_broker_is_down_writes_succeed_and_queue_then_every_event_is_delivered_in_order_per_key()
    {
        using var metrics = new MetricsProbe(Host.Services);
        var (user, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);

        Broker.TakeDown();
        var orders = new List<Api.OrderDto>();
        for (var i = 0; i < 10; i++)
        {
            orders.Add(await Client.CreateOrderAsync(user.Id, totalPrice: 2.00m));
        }

        foreach (var order in orders.Where((_, i) => i % 2 == 0))
        {
            (await Client.PostAsync($"/orders/{order.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await PendingOrderEventsAsync()).Should().Be(15, "10 OrderCreated and 5 OrderCancelled wait in the outbox");
        await Eventually.True(() => metrics.Sum("ecommerce.outbox.relay_failures", "Orders") >= 2, "the relay to fail and retry");
        (await PendingOrderEventsAsync()).Should().Be(15);

        Broker.BringUp();

        await Eventually.Async(PendingOrderEventsAsync, pending => pending == 0, "the outbox to drain");
        var summary = await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 6);
        summary.TotalSpent.Should().Be(11.00m);
        var records = KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersTopic);
        foreach (var (order, i) in orders.Select((o, i) => (o, i)))
        {
            // Redeliveries may repeat an event; the first sighting of each event must follow commit order.
            var types = records.Where(r => r.Key == order.Id.ToString())
                .DistinctBy(r => r.Header(CloudEventHeaders.Id))
                .Select(r => Events.NameOf(r.Header(CloudEventHeaders.Type)!));
            types.Should().Equal(i % 2 == 0 ? ["order-created", "order-cancelled"] : ["order-created"]);
        }
    }

    private Task<int> PendingOrderEventsAsync() =>
        Host.InScopeAsync<OrdersDbContext, int>(db => db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null));
}
