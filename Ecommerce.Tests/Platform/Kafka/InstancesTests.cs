using System.Net;
using System.Net.Http.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// Several host instances on one PostgreSQL database and one broker, as behind a load balancer: writes
/// go to any instance; each module's outbox is relayed by one instance at a time (its lease), so no
/// event is sent twice and an order's events keep their order; the instances share each module's
/// consumer group, and every event is applied once.
/// </summary>
public sealed class InstancesTests(EmbeddedKafkaBroker broker) : IClassFixture<EmbeddedKafkaBroker>
{
    [Fact]
    public async Task Three_instances_on_one_database_relay_every_event_once_in_order_and_apply_each_once()
    {
        var database = await Postgres.NewDatabaseAsync();
        var name = $"instances-{Guid.NewGuid():N}";
        var instances = Enumerable.Range(0, 3).Select(_ => new KafkaTestHost(broker, name) { ConnectionString = database }).ToList();
        try
        {
            var clients = instances.Select(i => i.CreateClient()).ToList();
            HttpClient Any(int n) => clients[n % clients.Count];
            var users = new List<Guid>();
            for (var i = 0; i < 12; i++)
            {
                users.Add((await Any(i).CreateUserAsync()).Id);
            }

            var orders = new List<(Guid Order, Guid User, bool Cancelled)>();
            for (var i = 0; i < users.Count; i++)
            {
                var first = await Any(i + 1).CreateOrderOnceUserIsKnownAsync(users[i], totalPrice: 10.00m);
                var second = await Any(i + 2).CreateOrderAsync(users[i], totalPrice: 2.50m);
                (await Any(i).PostAsync($"/orders/{first.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
                orders.Add((first.Id, users[i], true));
                orders.Add((second.Id, users[i], false));
            }

            // A user's two orders travel on different partitions, so a summary passes through states such as
            // "one order, 10.00" before it is final: the summaries are read once every event has been applied.
            var expected = orders.Count + orders.Count(o => o.Cancelled);
            await Eventually.Async(
                () => instances[0].InScopeAsync<UsersDbContext, int>(db => db.Set<InboxMessage>().CountAsync()),
                applied => applied >= expected, $"the {expected} order events applied by the Users module");
            foreach (var user in users)
            {
                var details = await Any(0).GetUserAsync(user);
                details.Orders.Count.Should().Be(1);
                details.Orders.TotalSpent.Should().Be(2.50m);
            }

            var records = KafkaTopic.ReadAll(instances[0].BootstrapServers, instances[0].OrdersTopic);
            records.Should().HaveCount(expected, "each event is relayed once: one instance at a time relays");
            records.GroupBy(r => r.Header(CloudEventHeaders.Id)).Should().OnlyContain(g => g.Count() == 1);
            foreach (var (order, _, cancelled) in orders)
            {
                records.Where(r => r.Key == order.ToString()).Select(r => Events.NameOf(r.Header(CloudEventHeaders.Type)!))
                    .Should().Equal(cancelled ? ["order-created", "order-cancelled"] : ["order-created"]);
            }

            var applied = await instances[0].InScopeAsync<UsersDbContext, int>(db => db.Set<InboxMessage>().CountAsync());
            applied.Should().Be(records.Count, "the instances share the consumer group: each event is applied by one of them, once");
            var owners = await instances[0].InScopeAsync<OrdersDbContext, List<string?>>(db => db.Set<OutboxRelayLease>().Select(l => l.Owner).ToListAsync());
            owners.Should().ContainSingle().Which.Should().NotBeNull();
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task When_the_relaying_instance_stops_another_takes_its_outbox_over()
    {
        var database = await Postgres.NewDatabaseAsync();
        var name = $"takeover-{Guid.NewGuid():N}";
        var first = new KafkaTestHost(broker, name) { ConnectionString = database };
        await using var second = new KafkaTestHost(broker, name) { ConnectionString = database };
        var client = first.CreateClient();
        var other = second.CreateClient();
        var (user, _) = await client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);
        var owner = await second.InScopeAsync<UsersDbContext, string?>(db => db.Set<OutboxRelayLease>().Select(l => l.Owner).SingleAsync());

        await first.DisposeAsync();

        // The instance left standing relays what it is given now, whichever held the lease before.
        var order = await other.CreateOrderAsync(user.Id, totalPrice: 3.00m);
        await other.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        KafkaTopic.ReadAll(second.BootstrapServers, second.OrdersTopic).Should().ContainSingle(r => r.Key == order.Id.ToString());
        owner.Should().NotBeNull();
    }

    [Fact]
    public async Task Idle_instances_do_not_keep_waking_each_other()
    {
        var database = await Postgres.NewDatabaseAsync();
        var name = $"idle-{Guid.NewGuid():N}";
        await using var first = new KafkaTestHost(broker, name) { ConnectionString = database };
        await using var second = new KafkaTestHost(broker, name) { ConnectionString = database };
        var (user, _) = await first.CreateClient().CreateUserWithOneOrderAsync(totalPrice: 1.00m);
        await second.CreateClient().OrderSummaryOnceAsync(user.Id, s => s.Count == 1);

        // Watched for a while: the relays' polls and lease renewals cost a few transactions a second.
        // An instance that woke itself with its own notifications made hundreds.
        var window = TimeSpan.FromSeconds(5);
        var before = await TransactionsAsync(database);
        await Task.Delay(window);
        var perSecond = (await TransactionsAsync(database) - before) / window.TotalSeconds;

        perSecond.Should().BeLessThan(50);
    }

    /// <summary>Transactions committed in the database so far (PostgreSQL's statistics, flushed about once a second).</summary>
    private static async Task<long> TransactionsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_stat_force_next_flush(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }
}
