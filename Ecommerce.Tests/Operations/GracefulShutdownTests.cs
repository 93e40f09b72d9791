using System.Net.Http.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Platform.Messaging;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Operations;

public sealed class GracefulShutdownTests(EmbeddedKafkaBroker broker) : IClassFixture<EmbeddedKafkaBroker>
{
    [Fact]
    public async Task A_graceful_restart_under_load_loses_no_event_and_handles_none_twice()
    {
        var dataDirectory = TestHost.NewDataDirectory();
        var first = new KafkaTestHost(broker) { DataDirectory = dataDirectory };
        var client = first.CreateClient();
        var firstMetrics = new MetricsProbe(first.Services);
        var (user, _) = await client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);

        // Orders keep coming while the host stops: some are answered, some in flight, some refused.
        using var load = new CancellationTokenSource();
        var accepted = 0;
        var writer = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                try
                {
                    var response = await client.PostAsJsonAsync("/orders", new { userId = user.Id, product = "Load", quantity = 1, totalPrice = 1m });
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                }
                catch (Exception)
                {
                    // the host is going away
                }
            }
        });
        await Eventually.True(() => Volatile.Read(ref accepted) >= 40, "orders under load");
        await first.DisposeAsync();
        await load.CancelAsync();
        await writer;

        var restarted = new KafkaTestHost(broker, first.Name) { DataDirectory = dataDirectory };
        try
        {
            using var restartedMetrics = new MetricsProbe(restarted);
            client = restarted.CreateClient();
            await client.CreateOrderAsync(user.Id, totalPrice: 1.00m);
            var orders = await restarted.InScopeAsync<OrdersDbContext, int>(db => db.Orders.CountAsync());
            orders.Should().BeGreaterThanOrEqualTo(accepted + 2);

            await client.OrderSummaryOnceAsync(user.Id, s => s.Count == orders);
            await Eventually.True(async () => await PendingAsync(restarted) == 0, "the outboxes to drain");

            var events = KafkaTopic.ReadAll(restarted.BootstrapServers, restarted.OrdersTopic);
            events.Should().HaveCount(orders, "every order's event was sent, and none twice");
            events.Select(e => e.Header(CloudEventHeaders.Id)).Should().OnlyHaveUniqueItems();
            (await restarted.InScopeAsync<UsersDbContext, int>(db => db.Set<InboxMessage>().CountAsync())).Should().Be(orders);
            (firstMetrics.Sum("ecommerce.consumer.processed", "Users") + restartedMetrics.Sum("ecommerce.consumer.processed", "Users"))
                .Should().Be(orders, "no record was consumed again after the restart");
        }
        finally
        {
            firstMetrics.Dispose();
            await restarted.DisposeAsync();
            TempFolders.Delete(dataDirectory);
        }
    }

    private static async Task<int> PendingAsync(TestHost host) =>
        await host.InScopeAsync<OrdersDbContext, int>(db => db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null))
        + await host.InScopeAsync<UsersDbContext, int>(db => db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null));
}
