using System.Net;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Faults;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// A database the host cannot write at startup (another process holds its lock, a volume mounted late)
/// is waited for: the host does not exit, and serves once it can migrate. The real process.
/// </summary>
public sealed class StartupWaitsForTheDatabaseTests
{
    [Fact]
    public async Task A_host_whose_database_is_locked_at_startup_waits_and_starts_once_it_is_released()
    {
        var dataDirectory = TestHost.NewDataDirectory();
        Directory.CreateDirectory(dataDirectory);
        var port = FaultSuite.FreePort();
        using var locker = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "users.db")};Pooling=False");
        locker.Open();
        Execute(locker, "BEGIN EXCLUSIVE;");
        var host = ChildProcess.StartDotnet(HostUnderTest.HostDll(Repository.Root(), FaultSuite.Configuration), "", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__DataDirectory"] = dataDirectory,
            ["Database__BusyTimeoutSeconds"] = "1",
            ["Management__SeparatePort"] = "false", // readiness on the port the test calls
            ["Logging__LogLevel__Default"] = "Warning",
        }.WithTokenSettings());

        try
        {
            // Twice: it tried, waited, and tried again.
            await Eventually.True(() => host.Output.Count(l => l.Contains("cannot reach its database yet", StringComparison.Ordinal)) >= 2 || host.HasExited,
                "the host to wait for its database", TimeSpan.FromSeconds(60));
            host.HasExited.Should().BeFalse("a locked database is waited for, not a reason to exit: {0}", string.Join('\n', host.Output));

            Execute(locker, "ROLLBACK;");

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.True(async () =>
            {
                try
                {
                    return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, "the host to start once the lock is gone", TimeSpan.FromSeconds(60));
            (await client.CreateUserAsync()).Id.Should().NotBeEmpty();
        }
        finally
        {
            await host.DisposeAsync();
            SqliteConnection.ClearAllPools();
            TempFolders.Delete(dataDirectory);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
