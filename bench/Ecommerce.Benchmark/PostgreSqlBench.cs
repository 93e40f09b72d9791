using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using static Ecommerce.Benchmark.Requests;

namespace Ecommerce.Benchmark;

/// <summary>
/// The host on PostgreSQL (<c>bench/run.sh --postgresql</c>): one or more instances on one database and one
/// standalone broker, as behind a load balancer. Each measure spreads its workers over the instances.
/// The server is durable (fsync on), as in production; the ceiling beside it is measured in the same run.
/// </summary>
internal sealed class PostgreSqlBench(string repository, PostgresServer server, Figures figures, TimeSpan phase, TimeSpan warmUp, int backlog)
{
    private const int Concurrency = 64;
    private const int SteadyRate = 200;

    public async Task MeasureAsync(int run, int instanceCount)
    {
        var label = instanceCount == 1 ? "PostgreSQL, 1 instance" : $"PostgreSQL, {instanceCount} instances";
        var database = await server.CreateDatabaseAsync();
        var addressFile = Path.GetTempFileName();
        await using var broker = ChildProcess.StartDotnet(HostUnderTest.HostDll(repository), $"kafka-broker --address-file {addressFile}", new Dictionary<string, string>());
        await broker.WaitForOutputAsync(l => l.StartsWith("Kafka broker", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var bootstrap = await File.ReadAllTextAsync(addressFile);
        File.Delete(addressFile);
        var instances = new List<HostUnderTest>();
        try
        {
            for (var i = 0; i < instanceCount; i++)
            {
                // A short backoff ceiling, so the drain starts as soon as the broker is back rather than after a long retry wait.
                instances.Add(await HostUnderTest.StartAsync(repository, bootstrap, new Dictionary<string, string> { ["Outbox__MaxRetryDelay"] = "00:00:00.250" }, postgreSql: database));
            }

            var clients = instances.ConvertAll(i => i.Client);
            var data = instances[0].Data; // the database they share

            // Warm-up: JIT, pools, the consumers' joins; every path the measures take.
            var warmUsers = new List<Guid>();
            await Load.ClosedLoopAsync(clients, Concurrency, warmUp / 2, n => ("/users", UserJson(run, -n)), HttpStatusCode.Created,
                body => { lock (warmUsers) { warmUsers.Add(IdOf(body)); } });
            await HostUnderTest.WaitUntilAsync(() => data.AppliedEvents("orders") >= warmUsers.Count, TimeSpan.FromMinutes(2), "warm-up users to be known");
            var warmOrders = await Load.ClosedLoopAsync(clients, Concurrency, warmUp / 2, n => OrderOf(warmUsers[(int)(n % warmUsers.Count)], n), HttpStatusCode.Created);
            await HostUnderTest.WaitUntilAsync(() => data.AppliedEvents("users") >= warmOrders.Succeeded, TimeSpan.FromMinutes(2), "warm-up orders to be applied");

            var users = new List<Guid>();
            var create = await Load.ClosedLoopAsync(clients, Concurrency, phase, n => ("/users", UserJson(run, n)), HttpStatusCode.Created,
                body => { lock (users) { users.Add(IdOf(body)); } });
            figures.Add($"{label}: POST /users (req/s)", create.PerSecond);
            figures.Add($"{label}: POST /users p99 (ms)", Stats.Percentile(create.LatenciesMs, 99));
            await HostUnderTest.WaitUntilAsync(() => data.AppliedEvents("orders") >= warmUsers.Count + create.Succeeded, TimeSpan.FromMinutes(5), "Orders to apply the users");

            var orders = await Load.ClosedLoopAsync(clients, Concurrency, phase, n => OrderOf(users[(int)(n % users.Count)], n), HttpStatusCode.Created);
            figures.Add($"{label}: POST /orders (req/s)", orders.PerSecond);
            figures.Add($"{label}: POST /orders p99 (ms)", Stats.Percentile(orders.LatenciesMs, 99));
            await HostUnderTest.WaitUntilAsync(() => data.PendingEvents("orders") == 0 && data.PendingEvents("users") == 0, TimeSpan.FromMinutes(5), "the outboxes to drain");
            await HostUnderTest.WaitUntilAsync(() => data.AppliedEvents("users") >= warmOrders.Succeeded + orders.Succeeded, TimeSpan.FromMinutes(5), "Users to apply the orders");

            await MeasureEndToEndAsync(label, clients, data);
            await MeasureDrainAsync(label, clients, data, broker);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>At a steady rate: a new user known to Orders (the request answered by one instance, applied by any).</summary>
    private async Task MeasureEndToEndAsync(string label, List<HttpClient> clients, DataView data)
    {
        var next = 0;
        var known = await Load.OpenLoopAsync(SteadyRate, phase, async () =>
        {
            var client = clients[Interlocked.Increment(ref next) % clients.Count];
            var user = await client.PostAsJsonAsync("/users", new { name = "Steady", email = $"steady-{Guid.NewGuid():N}@example.com" });
            var id = IdOf(await user.Content.ReadAsStringAsync());
            var created = Stopwatch.GetTimestamp();
            while (!data.IsKnownToOrders(id))
            {
                await Task.Delay(1);
            }

            return Stopwatch.GetElapsedTime(created).TotalMilliseconds;
        });
        figures.Add($"{label}: user known to Orders p50 (ms)", Stats.Percentile(known, 50));
        figures.Add($"{label}: user known to Orders p99 (ms)", Stats.Percentile(known, 99));
    }

    /// <summary>The broker down while users sign up, then up: how fast the relay (one instance holds each module's lease) empties the outbox.</summary>
    private async Task MeasureDrainAsync(string label, List<HttpClient> clients, DataView data, ChildProcess broker)
    {
        var applied = data.AppliedEvents("orders");
        broker.Send("down");
        await broker.WaitForOutputAsync(l => l == "broker down", TimeSpan.FromSeconds(10));
        await Load.ClosedLoopAsync(clients, Concurrency, TimeSpan.FromMinutes(10), n => ("/users", UserJson(2, n)), HttpStatusCode.Created, limit: backlog);
        var waiting = data.PendingEvents("users");
        var up = Stopwatch.GetTimestamp();
        broker.Send("up");
        var drained = await HostUnderTest.WaitUntilAsync(() => data.PendingEvents("users") == 0, TimeSpan.FromMinutes(5), "the backlog to drain");
        await HostUnderTest.WaitUntilAsync(() => data.AppliedEvents("orders") >= applied + waiting, TimeSpan.FromMinutes(5), "Orders to apply the backlog");
        figures.Add($"{label}: relay drain after outage (events/s)", waiting / drained.TotalSeconds);
        figures.Add($"{label}: consumers catch up a backlog (events/s)", waiting / Stopwatch.GetElapsedTime(up).TotalSeconds);
    }
}
