using System.Net;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Messaging;

public sealed class BrokerOutageTests : IClassFixture<EmbeddedKafkaBroker>, IAsyncLifetime
{
    private readonly EmbeddedKafkaBroker _broker;
    private readonly KafkaTestHost _host;
    private HttpClient _client = null!;

    public BrokerOutageTests(EmbeddedKafkaBroker broker)
    {
        _broker = broker;
        // Sends give up quickly, so the outage exercises the relay's failure and backoff path.
        _host = new KafkaTestHost(broker) { Settings = { ["Kafka:Producer:MessageTimeoutMs"] = "1000" } };
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
    public async Task While_the_broker_is_down_writes_succeed_and_queue_then_every_event_is_delivered_in_order_per_key()
    {
        using var metrics = new MetricsProbe(_host.Services);
        var (user, _) = await _client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);

        _broker.TakeDown();
        var orders = new List<Api.OrderDto>();
        for (var i = 0; i < 10; i++)
        {
            orders.Add(await _client.CreateOrderAsync(user.Id, totalPrice: 2.00m));
        }

        foreach (var order in orders.Where((_, i) => i % 2 == 0))
        {
            (await _client.PostAsync($"/orders/{order.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await PendingOrderEventsAsync()).Should().Be(15, "10 OrderCreated and 5 OrderCancelled wait in the outbox");
        await Eventually.True(() => metrics.Sum("ecommerce.outbox.relay_failures", "Orders") >= 2, "the relay to fail and retry");
        (await PendingOrderEventsAsync()).Should().Be(15);

        _broker.BringUp();

        await Eventually.Async(PendingOrderEventsAsync, pending => pending == 0, "the outbox to drain");
        var summary = await _client.OrderSummaryOnceAsync(user.Id, s => s.Count == 6);
        summary.TotalSpent.Should().Be(11.00m);
        var records = KafkaTopic.ReadAll(_host.BootstrapServers, _host.OrdersTopic);
        foreach (var (order, i) in orders.Select((o, i) => (o, i)))
        {
            // Redeliveries may repeat an event; the first sighting of each event must follow commit order.
            var types = records.Where(r => r.Key == order.Id.ToString())
                .DistinctBy(r => r.Header(CloudEventHeaders.Id))
                .Select(r => r.Header(CloudEventHeaders.Type)!.Split('.').Last());
            types.Should().Equal(i % 2 == 0 ? ["OrderCreated", "OrderCancelled"] : ["OrderCreated"]);
        }
    }

    private Task<int> PendingOrderEventsAsync() =>
        _host.InScopeAsync<OrdersDbContext, int>(db => db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null));
}
