using Ecommerce.Benchmark;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Faults;

[Collection(FaultSuite.Name)]
public sealed class KillUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_host_with_SIGKILL_under_load_loses_nothing_and_applies_every_event_exactly_once()
    {
        var kills = FaultSuite.Soak ? 20 : 5;
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        var dataDirectory = FaultSuite.NewDataDirectory();
        var port = FaultSuite.FreePort();
        HostUnderTest? host = null;
        var workload = new Workload(() => host?.Client);
        using var stop = new CancellationTokenSource();
        var random = new Random(42);
        try
        {
            host = await FaultSuite.StartHostAsync(bootstrap, dataDirectory, port);
            var load = workload.RunAsync(workers: 8, stop.Token);
            for (var kill = 0; kill < kills; kill++)
            {
                // At a random point of the load: mid-request, mid-relay, mid-batch.
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(700, FaultSuite.Soak ? 4000 : 1800)));
                var killed = host;
                host = null;
                await killed.KillAsync();
                host = await FaultSuite.StartHostAsync(bootstrap, dataDirectory, port);
            }

            // The last host takes writes too before the load stops, orders among them: its consumers have
            // caught up with the users (kills come faster than the group settles, so there may be none before).
            var acknowledged = workload.Users.Count + workload.Orders.Count;
            var ordersBefore = workload.Orders.Count;
            await HostUnderTest.WaitUntilAsync(() => workload.Users.Count + workload.Orders.Count > acknowledged + 20 && workload.Orders.Count > ordersBefore,
                TimeSpan.FromSeconds(90), "the restarted host to acknowledge writes, orders among them");
            await stop.CancelAsync();
            await load;

            var result = await Consistency.CheckAsync(host.Data, bootstrap, workload);
            output.WriteLine($"| kill -9 under load | {kills} kills | {workload.Attempts} requests, {workload.Users.Count + workload.Orders.Count + workload.Cancelled.Count} acknowledged writes " +
                $"({result.UsersChecked} users, {result.OrdersChecked} orders) | lost {result.LostWrites} | duplicated effects {result.WrongSummaries} | 5xx {workload.ServerErrors} |");
            result.ShouldBeClean();
            workload.ServerErrors.Should().Be(0);
            workload.Users.Should().NotBeEmpty();
            workload.Orders.Should().NotBeEmpty();
        }
        finally
        {
            await stop.CancelAsync();
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            TempFolders.Delete(dataDirectory);
        }
    }
}
