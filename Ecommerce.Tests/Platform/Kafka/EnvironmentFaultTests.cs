using System.Net;
using System.Text.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// The consumer's database refusing work for a few seconds is the environment, not a bad event: nothing
/// is dead-lettered, consuming pauses and resumes where it stopped, and readiness shows the wait.
/// </summary>
public sealed class EnvironmentFaultTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker, new KafkaTestHost(broker)
{
    Settings =
    {
        ["Kafka:Consumer:MaxRetryDelay"] = "00:00:00.500",
        // A write waits this long for an outside lock before SQLite gives up with SQLITE_BUSY.
        ["Database:BusyTimeoutSeconds"] = "1",
    },
})
{
    public enum Fault
    {
        /// <summary>A trigger aborts every insert into known_users, as a full disk or a read-only remount would.</summary>
        InsertsRefused,

        /// <summary>Another process holds orders.db's write lock.</summary>
        DatabaseLocked,
    }

    [Theory]
    [InlineData(Fault.InsertsRefused)]
    [InlineData(Fault.DatabaseLocked)]
    public async Task A_database_fault_on_the_consumer_side_loses_nothing_dead_letters_nothing_and_shows_in_readiness(Fault fault)
    {
        using var metrics = new MetricsProbe(Host.Services);
        await Client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);

        var users = new List<Guid>();
        await using (await InjectAsync(fault))
        {
            for (var i = 0; i < 20; i++)
            {
                users.Add((await Client.CreateUserAsync()).Id);
            }

            var degraded = await Eventually.Async(ReadinessAsync, r => Status(r, "consumer:orders") == "Degraded", "readiness to show the consumers waiting");
            degraded.GetProperty("consumer:orders").GetProperty("description").GetString().Should().Contain("waiting for the environment");
            // The fault lasts: the consumers keep trying (with backoff) for several seconds.
            await Eventually.True(() => metrics.Sum("ecommerce.consumer.environment_failures", "Orders") >= 8, "the consumers to retry through the fault");
            (await KnownUsersAsync(users)).Should().Be(0, "nothing can be applied while the database refuses it");
        }

        await Eventually.Async(() => KnownUsersAsync(users), known => known == users.Count, "every user to be applied once the database takes writes again");
        await Eventually.Async(ReadinessAsync, r => Status(r, "consumer:orders") == "Healthy", "readiness to recover");
        metrics.Sum("ecommerce.consumer.dead_lettered", "Orders").Should().Be(0);
        KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersDeadLetterTopic).Should().BeEmpty("a bad environment is not a bad event");
    }

    private async Task<IAsyncDisposable> InjectAsync(Fault fault)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(Host.DataDirectory, "orders.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = fault == Fault.InsertsRefused
            ? "CREATE TRIGGER refuse_known_users BEFORE INSERT ON known_users BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;"
            : "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync();
        return new Healing(connection, fault == Fault.InsertsRefused ? "DROP TRIGGER refuse_known_users;" : "ROLLBACK;");
    }

    private Task<int> KnownUsersAsync(List<Guid> users) =>
        Host.InScopeAsync<OrdersDbContext, int>(db => db.KnownUsers.CountAsync(u => users.Contains(u.UserId)));

    private async Task<JsonElement> ReadinessAsync()
    {
        var response = await Client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable);
        return body.RootElement.GetProperty("checks").Clone();
    }

    private static string? Status(JsonElement checks, string name) => checks.GetProperty(name).GetProperty("status").GetString();

    /// <summary>Ends the fault from the same outside connection that caused it.</summary>
    private sealed class Healing(SqliteConnection connection, string sql) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
