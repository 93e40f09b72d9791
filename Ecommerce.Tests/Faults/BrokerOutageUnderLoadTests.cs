using System.Net.Http.Json;
using Ecommerce.Benchmark;
using Ecommerce.Platform.Messaging;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Faults;

[Collection(FaultSuite.Name)]
public sealed class BrokerOutageUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_the_broker_is_down_under_load_every_valid_write_is_accepted_and_everything_drains_in_order_after()
    {
        var outage = TimeSpan.FromSeconds(FaultSuite.Soak ? 30 : 6);
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        await using var host = await FaultSuite.StartHostAsync(bootstrap, FaultSuite.NewDataDirectory(), FaultSuite.FreePort());
        // Orders accepts orders only for users it knows: during an outage it learns of none, so the
        // load orders for users known before it and creates new users, all valid writes.
        var known = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            known.Add((await host.Client.CreateUserAsync()).Id);
        }

        await HostUnderTest.WaitUntilAsync(() => known.All(host.IsKnownToOrders), TimeSpan.FromSeconds(60), "Orders to know the users");
        var workload = new Workload(() => host.Client, WorkloadMix.OrdersForKnownUsers);
        workload.KnownUsers(known);
        var newUsers = new Workload(() => host.Client, WorkloadMix.UsersOnly);
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(workload.RunAsync(workers: 6, stop.Token), newUsers.RunAsync(workers: 2, stop.Token));

        await Task.Delay(TimeSpan.FromSeconds(1));
        broker.Send("down");
        await Task.Delay(outage);
        var waiting = host.PendingEvents("users") + host.PendingEvents("orders");
        broker.Send("up");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await load;

        var result = await Consistency.CheckAsync(host.Data, bootstrap, Merge(workload, newUsers));
        var records = KafkaTopic.ReadAll(bootstrap, "ecommerce.orders");
        var outOfOrder = records.GroupBy(r => r.Key)
            .Count(g => g.DistinctBy(r => r.Header(CloudEventHeaders.Id)).Select(r => r.Header(CloudEventHeaders.Type)).SkipWhile(t => t == Events.OrderCreatedType).Any(t => t == Events.OrderCreatedType)
                || g.First().Header(CloudEventHeaders.Type) == Events.OrderCancelledType);
        var attempts = workload.Attempts + newUsers.Attempts;
        var refused = workload.Refused + newUsers.Refused + workload.ServerErrors + newUsers.ServerErrors + workload.Unreachable + newUsers.Unreachable;
        output.WriteLine($"| broker down {outage.TotalSeconds:F0} s under load | 1 outage, {waiting} events waiting at its end | {attempts} requests, {attempts - refused} accepted | " +
            $"lost {result.LostWrites} | duplicated effects {result.WrongSummaries} | 5xx {workload.ServerErrors + newUsers.ServerErrors} | out of order {outOfOrder} |");
        refused.Should().Be(0, "every valid write is accepted while the broker is down");
        waiting.Should().BeGreaterThan(0, "events waited in the outboxes during the outage");
        outOfOrder.Should().Be(0, "an order's events keep their order");
        result.ShouldBeClean();
    }

    private static Workload Merge(Workload orders, Workload users)
    {
        foreach (var user in users.Users.Keys)
        {
            orders.Users[user] = true;
        }

        return orders;
    }
}
