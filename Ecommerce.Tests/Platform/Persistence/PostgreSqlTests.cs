using Ecommerce.Host;
using Ecommerce.Tests.Infrastructure;
using Npgsql;

namespace Ecommerce.Tests.Platform.Persistence;

/// <summary>PostgreSQL as the modules' database: one database, a schema per module, migrated safely by any number of instances.</summary>
public sealed class PostgreSqlTests
{
    [Fact]
    public async Task Each_module_owns_a_schema_holding_all_of_its_tables_plumbing_and_migration_history_included()
    {
        await using var host = new PostgreSqlTestHost();
        host.CreateClient();

        (await TablesAsync(host.ConnectionString!, "users")).Should().BeEquivalentTo(
            "users", "order_summaries", "outbox_messages", "outbox_relay_lease", "inbox_messages", "idempotency_keys", "__EFMigrationsHistory");
        (await TablesAsync(host.ConnectionString!, "orders")).Should().BeEquivalentTo(
            "orders", "known_users", "outbox_messages", "outbox_relay_lease", "inbox_messages", "idempotency_keys", "__EFMigrationsHistory");
        (await TablesAsync(host.ConnectionString!, "public")).Should().BeEmpty("nothing lives outside the modules' schemas");
    }

    [Fact]
    public async Task A_user_and_an_order_flow_between_the_modules_on_postgresql()
    {
        await using var host = new PostgreSqlTestHost();
        var client = host.CreateClient();

        var (user, order) = await client.CreateUserWithOneOrderAsync(totalPrice: 12.50m);

        order.TotalPrice.Should().Be(12.50m);
        (await client.GetUserAsync(user.Id)).Orders.TotalSpent.Should().Be(12.50m);
    }

    [Fact]
    public async Task Instances_starting_together_on_a_fresh_database_migrate_it_once()
    {
        var database = await Postgres.NewDatabaseAsync();
        var hosts = Enumerable.Range(0, 3).Select(_ => new TestHost { ConnectionString = database }).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(h => Task.Run(() => h.CreateClient())));

            foreach (var module in ModuleCatalog.All)
            {
                var schema = module.Name.ToLowerInvariant();
                var migrations = module.GetType().Assembly.GetTypes()
                    .Count(t => t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration)) && t.Namespace!.EndsWith(".Migrations.PostgreSql", StringComparison.Ordinal));
                var applied = await ScalarAsync(database, $"SELECT COUNT(*) FROM {schema}.\"__EFMigrationsHistory\"");
                applied.Should().Be(migrations, "every migration of the module's PostgreSQL set is applied, once, whichever instance applied it");
            }

            (await hosts[2].CreateClient().CreateUserAsync()).Id.Should().NotBeEmpty();
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static async Task<List<string>> TablesAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", connection);
        command.Parameters.AddWithValue(schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
