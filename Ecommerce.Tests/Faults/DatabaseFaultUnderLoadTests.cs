using System.Diagnostics;
using System.Text.Json;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Faults;

[Collection(FaultSuite.Name)]
public sealed class DatabaseFaultUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_the_consumers_databases_refuse_writes_under_load_nothing_is_lost_or_dead_lettered()
    {
        var fault = TimeSpan.FromSeconds(FaultSuite.Soak ? 30 : 5);
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        var dataDirectory = FaultSuite.NewDataDirectory();
        await using var host = await FaultSuite.StartHostAsync(bootstrap, dataDirectory, FaultSuite.FreePort());
        var workload = new Workload(() => host.Client);
        using var stop = new CancellationTokenSource();
        var load = workload.RunAsync(workers: 8, stop.Token);
        await HostUnderTest.WaitUntilAsync(() => !workload.Orders.IsEmpty, TimeSpan.FromSeconds(60), "the load to place orders");

        // Both consumers' tables refuse writes, as a full disk, a read-only remount or an outside lock
        // would; the API's own tables do not, so writes go on and events keep arriving.
        var faults = 0;
        var clock = Stopwatch.StartNew();
        using (Refuse(dataDirectory, "orders", "known_users", ["INSERT"]))
        using (Refuse(dataDirectory, "users", "order_summaries", ["INSERT", "UPDATE"]))
        {
            faults = 2;
            await HostUnderTest.WaitUntilAsync(() => clock.Elapsed >= fault && BothConsumersWait(host), fault + TimeSpan.FromSeconds(60),
                "the fault to last, with readiness showing both consumers waiting");
        }

        await stop.CancelAsync();
        await load;
        var result = await Consistency.CheckAsync(host.Data, bootstrap, workload);
        var deadLetters = KafkaTopic.ReadAll(bootstrap, "ecommerce.users.dead-letter").Count + KafkaTopic.ReadAll(bootstrap, "ecommerce.orders.dead-letter").Count;
        output.WriteLine($"| consumers' databases refusing writes under load | {faults} faults of {fault.TotalSeconds:F0} s (one per consumer) | {workload.Attempts} requests, " +
            $"{workload.Users.Count + workload.Orders.Count + workload.Cancelled.Count} acknowledged writes | lost {result.LostWrites} | dead letters {deadLetters} | " +
            $"duplicated effects {result.WrongSummaries} | 5xx {workload.ServerErrors} |");
        deadLetters.Should().Be(0, "a bad environment is not a bad event");
        workload.ServerErrors.Should().Be(0);
        result.ShouldBeClean();
        TempFolders.Delete(dataDirectory);
    }

    private static bool BothConsumersWait(HostUnderTest host)
    {
        using var response = host.Client.GetAsync("/health/ready").GetAwaiter().GetResult();
        using var body = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        var checks = body.RootElement.GetProperty("checks");
        return new[] { "consumer:users", "consumer:orders" }.All(c => checks.GetProperty(c).GetProperty("status").GetString() == "Degraded");
    }

    /// <summary>Triggers that abort every write of <paramref name="operations"/> to a table, until disposed.</summary>
    private static IDisposable Refuse(string dataDirectory, string module, string table, string[] operations)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, module + ".db")};Pooling=False");
        connection.Open();
        Execute(connection, string.Concat(operations.Select(op =>
            $"CREATE TRIGGER refuse_{op.ToLowerInvariant()}_{table} BEFORE {op} ON {table} BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;")));
        return new Healing(() =>
        {
            Execute(connection, string.Concat(operations.Select(op => $"DROP TRIGGER refuse_{op.ToLowerInvariant()}_{table};")));
            connection.Dispose();
        });
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class Healing(Action heal) : IDisposable
    {
        public void Dispose() => heal();
    }
}
