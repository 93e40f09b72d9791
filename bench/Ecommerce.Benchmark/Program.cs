using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecommerce.Benchmark;
using Microsoft.Extensions.Configuration;
using static Ecommerce.Benchmark.Requests;

if (args is [Ceilings.TrivialServerCommand, var url])
{
    await Ceilings.RunTrivialServerAsync(url);
    return;
}

var options = new ConfigurationBuilder().AddCommandLine(args.Select(a => a is "--quick" or "--postgresql" or "--drain-only" ? a + "=true" : a).ToArray()).Build();
var quick = options.GetValue("quick", false);
var postgreSql = options.GetValue("postgresql", false);
// Quick mode is a smoke check: two short runs on a barely warm JIT, so its figures sit well below the full run's.
var runs = options.GetValue("runs", quick ? 2 : 3);
var phase = TimeSpan.FromSeconds(options.GetValue("seconds", quick ? 2.0 : 10.0));
var backlog = options.GetValue("backlog", quick ? 5_000 : 50_000);
// The JIT keeps recompiling hot code (tiered PGO) for tens of seconds on two busy cores; measure after that.
var warmUp = TimeSpan.FromSeconds(options.GetValue("warmup", quick ? 4.0 : 20.0));
// Another checkout whose host is built in Release (e.g. a git worktree of an earlier commit): its host is
// measured too, in each run, right before this one, so a change's cost is read from one run.
var baseline = options["baseline"];
// Only the drain after an outage (with the baseline's before it, if any): to compare drains quickly.
var drainOnly = options.GetValue("drain-only", false);
// The mock broker keeps about 5 MB per partition and drops the oldest records past that: the drain's
// backlog (some 30 MB of UserCreated records) must fit while the consumers are behind the relay.
var drainPartitions = options.GetValue("drain-partitions", 16);
const int Concurrency = 64;
const int SteadyRate = 200;

var repository = FindRepository();
var benchmarkDll = typeof(Ceilings).Assembly.Location;
var figures = new Figures();
var total = Stopwatch.StartNew();
Console.WriteLine($"Benchmark: {runs} runs, {phase.TotalSeconds} s phases, concurrency {Concurrency}, backlog {backlog:N0}; {Environment.ProcessorCount} cores");

if (postgreSql)
{
    await using var server = await PostgresServer.StartAsync(durable: true);
    // The mock broker keeps a bounded log per partition (about 5 MB, some 9,000 of our events): a backlog
    // the consumers on PostgreSQL cannot keep up with would be trimmed before they read it. Stay well under.
    var bench = new PostgreSqlBench(repository, server, figures, phase, warmUp, Math.Min(backlog, 20_000));
    for (var run = 1; run <= runs; run++)
    {
        foreach (var instances in new[] { 1, 2 })
        {
            Console.WriteLine($"run {run}: {instances} host instance(s) on PostgreSQL, standalone broker");
            await bench.MeasureAsync(run, instances);
        }

        Console.WriteLine($"run {run}: PostgreSQL ceiling");
        figures.Add("Ceiling: PostgreSQL 2-insert EF commits, 64 connections (tx/s)", await Ceilings.PostgreSqlTwoInsertCommitsAsync(server, Concurrency, phase));
    }

    figures.Print(total.Elapsed);
    return;
}

for (var run = 1; run <= runs && drainOnly; run++)
{
    if (baseline is not null)
    {
        Console.WriteLine($"run {run}: the baseline's drain after an outage ({baseline})");
        await MeasureDrainAsync(baseline, "Baseline: ");
    }

    Console.WriteLine($"run {run}: drain after an outage ({drainPartitions} partitions)");
    await MeasureDrainAsync(repository, "");
}

for (var run = 1; run <= runs && !drainOnly; run++)
{
    if (baseline is not null)
    {
        Console.WriteLine($"run {run}: the baseline's host on its embedded broker ({baseline})");
        await MeasureHostAsync(run, baseline, "Baseline: ");
    }

    Console.WriteLine($"run {run}: host on its embedded broker");
    await MeasureHostAsync(run, repository, "");
    Console.WriteLine($"run {run}: drain after an outage (standalone broker)");
    await MeasureDrainAsync(repository, "");
    Console.WriteLine($"run {run}: machine ceilings");
    figures.Add("Ceiling: trivial Kestrel POST (req/s)", await Ceilings.TrivialKestrelAsync(benchmarkDll, FreePort(), Concurrency, phase));
    figures.Add("Ceiling: SQLite 2-insert EF commits (tx/s)", Ceilings.SqliteTwoInsertCommits(phase));
}

figures.Print(total.Elapsed);
return;

async Task MeasureHostAsync(int run, string hostRepository, string label)
{
    await using var host = await HostUnderTest.StartAsync(hostRepository);
    var client = host.Client;
    var users = new List<Guid>();

    // Warm-up: JIT, pools, the consumers' first join; every path the measures take.
    var warmUsers = new List<Guid>();
    await Load.ClosedLoopAsync(client, Concurrency, warmUp / 2, n => ("/users", UserJson(run, -n)), HttpStatusCode.Created,
        body => { lock (warmUsers) { warmUsers.Add(IdOf(body)); } });
    await HostUnderTest.WaitUntilAsync(() => host.AppliedEvents("orders") >= warmUsers.Count, TimeSpan.FromMinutes(2), "warm-up users to be known");
    var warmOrders = await Load.ClosedLoopAsync(client, Concurrency, warmUp / 2, n => OrderOf(warmUsers[(int)(n % warmUsers.Count)], n), HttpStatusCode.Created);
    await HostUnderTest.WaitUntilAsync(() => host.AppliedEvents("users") >= warmOrders.Succeeded, TimeSpan.FromMinutes(2), "warm-up orders to be applied");
    var cpuBefore = host.Process.CpuTime();

    // 1. POST /users, then 3b. how long the Orders consumers take to apply the burst.
    var usersApplied = host.AppliedEvents("orders");
    var burstStart = Stopwatch.GetTimestamp();
    var create = await Load.ClosedLoopAsync(client, Concurrency, phase, n => ("/users", UserJson(run, n)), HttpStatusCode.Created,
        body => { lock (users) { users.Add(IdOf(body)); } });
    var lagAtEnd = await HostUnderTest.WaitUntilAsync(() => host.AppliedEvents("orders") >= usersApplied + create.Succeeded, TimeSpan.FromMinutes(5), "Orders to apply the users");
    var applySeconds = Stopwatch.GetElapsedTime(burstStart).TotalSeconds;
    figures.Add(label + "POST /users (req/s)", create.PerSecond);
    figures.Add(label + "POST /users p50 (ms)", Stats.Percentile(create.LatenciesMs, 50));
    figures.Add(label + "POST /users p99 (ms)", Stats.Percentile(create.LatenciesMs, 99));
    figures.Add(label + "Consumers apply after a burst (events/s)", create.Succeeded / applySeconds);
    figures.Add(label + "Consumer lag when the burst ends (s)", lagAtEnd.TotalSeconds);

    // 1. POST /orders for those (now known) users.
    var orders = await Load.ClosedLoopAsync(client, Concurrency, phase,
        n => OrderOf(users[(int)(n % users.Count)], n), HttpStatusCode.Created);
    figures.Add(label + "POST /orders (req/s)", orders.PerSecond);
    figures.Add(label + "POST /orders p50 (ms)", Stats.Percentile(orders.LatenciesMs, 50));
    figures.Add(label + "POST /orders p99 (ms)", Stats.Percentile(orders.LatenciesMs, 99));
    // Over the POST /users and spread POST /orders phases only, as before the hot phase existed.
    figures.Add(label + "Host CPU per 1,000 writes (s)", (host.Process.CpuTime() - cpuBefore).TotalSeconds * 1000 / (create.Succeeded + orders.Succeeded));

    // 1. POST /orders for one hot user: all workers signed in as the same user, so every order names one
    // aggregate (one row of Orders' users, one summary in Users). Right after the spread phase, on the same
    // warm host, so the ratio compares the two within one run.
    var hotUser = users[0];
    var hotOrders = await Load.ClosedLoopAsync(client, Concurrency, phase, n => OrderOf(hotUser, n), HttpStatusCode.Created);
    figures.Add(label + "POST /orders, one hot user (req/s)", hotOrders.PerSecond);
    figures.Add(label + "POST /orders, one hot user p50 (ms)", Stats.Percentile(hotOrders.LatenciesMs, 50));
    figures.Add(label + "POST /orders, one hot user p99 (ms)", Stats.Percentile(hotOrders.LatenciesMs, 99));
    figures.Add(label + "Hot user ÷ spread POST /orders (%)", 100 * hotOrders.PerSecond / orders.PerSecond);

    await HostUnderTest.WaitUntilAsync(() => host.PendingEvents("orders") == 0 && host.PendingEvents("users") == 0, TimeSpan.FromMinutes(5), "the outboxes to drain");
    await HostUnderTest.WaitUntilAsync(() => host.AppliedEvents("users") >= warmOrders.Succeeded + orders.Succeeded + hotOrders.Succeeded, TimeSpan.FromMinutes(5), "Users to apply the orders");

    // 2. End to end at a steady rate: a new user known to Orders; a new order in its user's summary.
    // Watched in the module's database (read-only, every millisecond), so watching adds no requests.
    var known = await Load.OpenLoopAsync(SteadyRate, phase, async () =>
    {
        var user = await client.PostAsJsonAsync("/users", new { name = "Steady", email = $"steady-{Guid.NewGuid():N}@example.com" });
        var id = IdOf(await user.Content.ReadAsStringAsync());
        var created = Stopwatch.GetTimestamp();
        while (!host.IsKnownToOrders(id))
        {
            await Task.Delay(1);
        }

        return Stopwatch.GetElapsedTime(created).TotalMilliseconds;
    });
    figures.Add(label + "User known to Orders p50 (ms)", Stats.Percentile(known, 50));
    figures.Add(label + "User known to Orders p99 (ms)", Stats.Percentile(known, 99));

    // Users without orders, known to Orders, one per measured order.
    var fresh = new Queue<Guid>();
    var needed = (int)(SteadyRate * phase.TotalSeconds) + 10;
    await Load.ClosedLoopAsync(client, Concurrency, TimeSpan.FromMinutes(5), n => ("/users", UserJson(run + 1000, n)), HttpStatusCode.Created,
        body => { lock (fresh) { fresh.Enqueue(IdOf(body)); } }, limit: needed);
    await HostUnderTest.WaitUntilAsync(() => host.PendingEvents("users") == 0, TimeSpan.FromMinutes(1), "the new users' events");
    await HostUnderTest.WaitUntilAsync(() => host.AppliedEvents("orders") >= usersApplied + create.Succeeded + fresh.Count + SteadyRate * phase.TotalSeconds, TimeSpan.FromMinutes(1), "Orders to know the new users");
    var counted = await Load.OpenLoopAsync(SteadyRate, phase, async () =>
    {
        Guid id;
        lock (fresh)
        {
            id = fresh.Dequeue();
        }

        var before = host.SummaryOrderCount(id);
        using var order = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent(OrderJson(id, 1)) };
        order.Headers.Authorization = new("Bearer", Tokens.ForUser(id));
        (await client.SendAsync(order)).EnsureSuccessStatusCode();
        var created = Stopwatch.GetTimestamp();
        while (host.SummaryOrderCount(id) <= before)
        {
            await Task.Delay(1);
        }

        return Stopwatch.GetElapsedTime(created).TotalMilliseconds;
    });
    figures.Add(label + "Order in user's summary p50 (ms)", Stats.Percentile(counted, 50));
    figures.Add(label + "Order in user's summary p99 (ms)", Stats.Percentile(counted, 99));
    figures.Add(label + "Host peak RSS, embedded broker inside (MB)", host.Process.PeakRssMegabytes());
}

async Task MeasureDrainAsync(string hostRepository, string label)
{
    var addressFile = Path.GetTempFileName();
    await using var broker = ChildProcess.StartDotnet(HostUnderTest.HostDll(hostRepository), $"kafka-broker --address-file {addressFile} --partitions {drainPartitions}", new Dictionary<string, string>());
    await broker.WaitForOutputAsync(l => l.StartsWith("Kafka broker", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    var bootstrap = await File.ReadAllTextAsync(addressFile);
    // A short backoff ceiling, so the drain starts as soon as the broker is back rather than after a long retry wait.
    await using var host = await HostUnderTest.StartAsync(hostRepository, bootstrap, new Dictionary<string, string>
    {
        ["Outbox__MaxRetryDelay"] = "00:00:00.250",
        // The product's default session (HostUnderTest shortens it for restarts on the mock broker): the outage
        // is shorter, so the consumers stay in their group and resume as soon as the broker is back (ADR 0037).
        ["Kafka__Consumer__SessionTimeoutMs"] = "45000",
    });
    await Load.ClosedLoopAsync(host.Client, Concurrency, TimeSpan.FromSeconds(1), n => ("/users", UserJson(0, -n)), HttpStatusCode.Created);
    var warm = host.AppliedEvents("orders");
    await HostUnderTest.WaitUntilAsync(() => host.PendingEvents("users") == 0, TimeSpan.FromSeconds(60), "warm-up events");

    broker.Send("down");
    await broker.WaitForOutputAsync(l => l == "broker down", TimeSpan.FromSeconds(10));
    await Load.ClosedLoopAsync(host.Client, Concurrency, TimeSpan.FromMinutes(10), n => ("/users", UserJson(1, n)), HttpStatusCode.Created, limit: backlog);
    var waiting = host.PendingEvents("users");
    var up = Stopwatch.GetTimestamp();
    broker.Send("up");
    // The drain and the catch-up include reconnecting; the figures after them split that off: how soon
    // the relay's first events were acknowledged, and how fast the rest went from there.
    var pendingAtResume = waiting;
    await HostUnderTest.WaitUntilAsync(() => (pendingAtResume = host.PendingEvents("users")) < waiting, TimeSpan.FromMinutes(5), "the relay to send again");
    var resumed = Stopwatch.GetElapsedTime(up);
    await HostUnderTest.WaitUntilAsync(() => host.PendingEvents("users") == 0, TimeSpan.FromMinutes(5), "the backlog to drain");
    var drained = Stopwatch.GetElapsedTime(up);
    await HostUnderTest.WaitUntilAsync(() => host.AppliedEvents("orders") >= warm + waiting, TimeSpan.FromMinutes(5), "Orders to apply the backlog");
    var applied = Stopwatch.GetElapsedTime(up);
    figures.Add(label + "Relay drain after outage (events/s)", waiting / drained.TotalSeconds);
    figures.Add(label + "Consumers catch up a backlog (events/s)", waiting / applied.TotalSeconds);
    figures.Add(label + "Relay's first events acknowledged after the broker is back (ms)", resumed.TotalMilliseconds);
    figures.Add(label + "Relay drain from its first acknowledgement (events/s)", pendingAtResume / (drained - resumed).TotalSeconds);
    figures.Add(label + "Host peak RSS, broker in its own process (MB)", host.Process.PeakRssMegabytes());
    File.Delete(addressFile);
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepository()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ecommerce.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
