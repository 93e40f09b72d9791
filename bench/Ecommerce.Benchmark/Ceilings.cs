using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Ecommerce.Benchmark;

/// <summary>
/// What this machine can do at best, measured in the same run, so each figure reads as a ratio:
/// a trivial Kestrel endpoint, and SQLite (or PostgreSQL) committing two inserts per transaction through EF Core.
/// </summary>
internal static class Ceilings
{
    public const string TrivialServerCommand = "trivial-server";

    /// <summary>The trivial server: one POST endpoint that answers 201 with a small JSON body, nothing else.</summary>
    public static async Task RunTrivialServerAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapPost("/", () => Results.Text("""{"id":"01a213e1-0719-786a-b3d4-ce61c54f4027"}""", "application/json", statusCode: 201));
        await app.RunAsync();
    }

    public static async Task<double> TrivialKestrelAsync(string benchmarkDll, int port, int concurrency, TimeSpan duration)
    {
        await using var server = ChildProcess.StartDotnet(benchmarkDll, $"{TrivialServerCommand} http://127.0.0.1:{port}", new Dictionary<string, string>());
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await HostUnderTest.WaitUntilAsync(() => Answers(client), TimeSpan.FromSeconds(30), "the trivial server");
        await Load.ClosedLoopAsync(client, concurrency, TimeSpan.FromSeconds(1), _ => ("/", "{}"), HttpStatusCode.Created); // warm-up
        var result = await Load.ClosedLoopAsync(client, concurrency, duration, _ => ("/", """{"name":"x"}"""), HttpStatusCode.Created);
        return result.PerSecond;
    }

    /// <summary>Transactions per second, each inserting two rows through a pooled EF Core context (WAL, synchronous=NORMAL).</summary>
    public static double SqliteTwoInsertCommits(TimeSpan duration)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ecommerce-bench-ceiling-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<CeilingContext>().UseSqlite($"Data Source={file};Pooling=True").Options;
            var contexts = new PooledDbContextFactory<CeilingContext>(options);
            using (var setup = contexts.CreateDbContext())
            {
                setup.Database.EnsureCreated();
                setup.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            }

            var commits = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                using var db = contexts.CreateDbContext();
                db.Database.OpenConnection();
                db.Database.ExecuteSqlRaw("PRAGMA synchronous=NORMAL;");
                db.Rows.Add(new Row { Id = Guid.CreateVersion7(), Text = "order" });
                db.Events.Add(new Event { Payload = """{"eventId":"01a213e1-0842-7130-861d-74ffb68ca55f","totalPrice":49.90}""" });
                db.SaveChanges();
                commits++;
            }

            return commits / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            File.Delete(file + "-wal");
            File.Delete(file + "-shm");
        }
    }

    /// <summary>
    /// Transactions per second, each inserting two rows through a pooled EF Core context, from
    /// <paramref name="concurrency"/> connections at once (PostgreSQL commits them in parallel).
    /// </summary>
    public static async Task<double> PostgreSqlTwoInsertCommitsAsync(PostgresServer server, int concurrency, TimeSpan duration)
    {
        var options = new DbContextOptionsBuilder<CeilingContext>().UseNpgsql(await server.CreateDatabaseAsync()).Options;
        var contexts = new PooledDbContextFactory<CeilingContext>(options);
        await using (var setup = contexts.CreateDbContext())
        {
            await setup.Database.EnsureCreatedAsync();
        }

        var commits = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await using var db = contexts.CreateDbContext();
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.Rows.Add(new Row { Id = Guid.CreateVersion7(), Text = "order" });
                db.Events.Add(new Event { Payload = """{"eventId":"01a213e1-0842-7130-861d-74ffb68ca55f","totalPrice":49.90}""" });
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                Interlocked.Increment(ref commits);
            }
        })));
        return commits / clock.Elapsed.TotalSeconds;
    }

    private static bool Answers(HttpClient client)
    {
        try
        {
            using var response = client.PostAsync("/", new StringContent("{}")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private sealed class CeilingContext(DbContextOptions<CeilingContext> options) : DbContext(options)
    {
        public DbSet<Row> Rows => Set<Row>();

        public DbSet<Event> Events => Set<Event>();
    }

    private sealed class Row
    {
        public Guid Id { get; set; }

        public string Text { get; set; } = "";
    }

    private sealed class Event
    {
        public long Id { get; set; }

        public string Payload { get; set; } = "";
    }
}
