using Ecommerce.Benchmark;
using Ecommerce.Platform.Messaging;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Faults;

/// <summary>
/// Several host processes on one PostgreSQL database and the standalone broker, under mixed load, as
/// behind a load balancer: instances killed one at a time, and the database itself restarted.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class PostgreSqlInstancesUnderFaultsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_instances_one_at_a_time_under_load_loses_nothing_and_keeps_every_orders_events_in_order()
    {
        var kills = FaultSuite.Soak ? 12 : 4;
        var database = await Postgres.NewDatabaseAsync();
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        var ports = Enumerable.Range(0, 3).Select(_ => FaultSuite.FreePort()).ToArray();
        var instances = new HostUnderTest[ports.Length];
        var next = 0;
        HttpClient? AnyInstance()
        {
            var alive = instances.Where(i => i is not null && !i.Process.HasExited).ToList();
            return alive.Count == 0 ? null : alive[Interlocked.Increment(ref next) % alive.Count]!.Client;
        }

        var workload = new Workload(AnyInstance);
        using var stop = new CancellationTokenSource();
        var random = new Random(7);
        try
        {
            // One at a time, each disposed in finally: a start that fails leaves no process behind.
            for (var i = 0; i < ports.Length; i++)
            {
                instances[i] = await StartAsync(bootstrap, database, ports[i]);
            }

            var load = workload.RunAsync(workers: 8, stop.Token);
            for (var kill = 0; kill < kills; kill++)
            {
                // At a random point of the load, a random instance: maybe the one relaying, maybe mid-batch.
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(700, 1800)));
                var victim = random.Next(instances.Length);
                var killed = instances[victim];
                instances[victim] = null!;
                await killed.KillAsync();
                instances[victim] = await StartAsync(bootstrap, database, ports[victim]);
            }

            var acknowledged = workload.Users.Count + workload.Orders.Count;
            await HostUnderTest.WaitUntilAsync(() => workload.Users.Count + workload.Orders.Count > acknowledged + 20,
                TimeSpan.FromSeconds(60), "the instances to acknowledge writes after the last kill");
            await stop.CancelAsync();
            await load;

            var result = await Consistency.CheckAsync(DataView.PostgreSql(database), bootstrap, workload);
            var outOfOrder = OutOfOrder(bootstrap);
            output.WriteLine($"| kill -9 of 1 of 3 instances on PostgreSQL, under load | {kills} kills, each instance restarted | {workload.Attempts} requests, " +
                $"{workload.Users.Count + workload.Orders.Count + workload.Cancelled.Count} acknowledged writes | lost {result.LostWrites} | out of order {outOfOrder} | " +
                $"duplicated effects {result.WrongSummaries} | 5xx {workload.ServerErrors} |");
            result.ShouldBeClean();
            outOfOrder.Should().Be(0, "an order's events keep their order across instances");
            workload.ServerErrors.Should().Be(0);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var instance in instances.Where(i => i is not null))
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task While_postgresql_restarts_under_load_writes_fail_cleanly_with_503_and_everything_resumes()
    {
        var downtime = TimeSpan.FromSeconds(FaultSuite.Soak ? 20 : 4);
        await using var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync();
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        await using var first = await StartAsync(bootstrap, database, FaultSuite.FreePort());
        await using var second = await StartAsync(bootstrap, database, FaultSuite.FreePort());
        var next = 0;
        var workload = new Workload(() => Interlocked.Increment(ref next) % 2 == 0 ? first.Client : second.Client);
        using var stop = new CancellationTokenSource();
        var load = workload.RunAsync(workers: 6, stop.Token);
        await HostUnderTest.WaitUntilAsync(() => !workload.Orders.IsEmpty, TimeSpan.FromSeconds(60), "the load to place orders");

        await server.StopAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await HostUnderTest.WaitUntilAsync(() => clock.Elapsed >= downtime && workload.ServerErrors > 0, downtime + TimeSpan.FromSeconds(60),
            "the database to stay down a while, refusing writes");
        var refusedWhileDown = workload.ServerErrors;
        await server.StartAgainAsync();
        var acknowledged = workload.Users.Count + workload.Orders.Count;
        await HostUnderTest.WaitUntilAsync(() => workload.Users.Count + workload.Orders.Count > acknowledged + 20,
            TimeSpan.FromSeconds(60), "writes to succeed again once the database is back");
        await stop.CancelAsync();
        await load;

        var result = await Consistency.CheckAsync(DataView.PostgreSql(database), bootstrap, workload);
        output.WriteLine($"| PostgreSQL restarted under load, 2 instances | down {downtime.TotalSeconds:F0} s | {workload.Attempts} requests, " +
            $"{workload.Users.Count + workload.Orders.Count + workload.Cancelled.Count} acknowledged writes, refused while down: " +
            $"{string.Join(", ", workload.ServerErrorKinds.Select(k => $"{k.Value} × {k.Key}"))} | lost {result.LostWrites} | duplicated effects {result.WrongSummaries} |");
        refusedWhileDown.Should().BeGreaterThan(0);
        workload.ServerErrorKinds.Keys.Should().OnlyContain(kind => kind == "503 application/problem+json", "a write refused for the database is a clean 503 ProblemDetails");
        result.ShouldBeClean();
    }

    private static Task<HostUnderTest> StartAsync(string bootstrap, string database, int port) =>
        FaultSuite.StartHostAsync(bootstrap, FaultSuite.NewDataDirectory(), port, new Dictionary<string, string>
        {
            // Quick takeover of a killed instance's outbox, so the test settles in test time.
            ["Outbox__LeaseDuration"] = "00:00:02",
        }, database);

    /// <summary>Orders whose events, first sightings only, do not read OrderCreated then (maybe) OrderCancelled.</summary>
    private static int OutOfOrder(string bootstrap) =>
        KafkaTopic.ReadAll(bootstrap, "ecommerce.orders").GroupBy(r => r.Key)
            .Count(g => g.DistinctBy(r => r.Header(CloudEventHeaders.Id)).Select(r => Events.NameOf(r.Header(CloudEventHeaders.Type)!))
                .SequenceEqual(["order-created"]) is false
                && g.DistinctBy(r => r.Header(CloudEventHeaders.Id)).Select(r => Events.NameOf(r.Header(CloudEventHeaders.Type)!))
                .SequenceEqual(["order-created", "order-cancelled"]) is false);
}
