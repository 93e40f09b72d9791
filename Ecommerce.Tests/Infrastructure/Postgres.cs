using Ecommerce.Benchmark;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The test run's PostgreSQL server (Debian's <c>postgresql</c>, started by <see cref="PostgresServer"/>
/// in a temporary folder on a free port), shared by every test that needs one and stopped when the test
/// process exits. Each host gets a database of its own, unless hosts share one on purpose (instances).
/// </summary>
public static class Postgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(async () =>
    {
        var server = await PostgresServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    });

    /// <summary>A connection string to a new, empty database.</summary>
    public static async Task<string> NewDatabaseAsync() => await (await Server.Value).CreateDatabaseAsync();
}

/// <summary><see cref="TestHost"/> on PostgreSQL: a database of its own, one schema per module.</summary>
public sealed class PostgreSqlTestHost : TestHost
{
    public PostgreSqlTestHost() => ConnectionString = Postgres.NewDatabaseAsync().GetAwaiter().GetResult();
}
