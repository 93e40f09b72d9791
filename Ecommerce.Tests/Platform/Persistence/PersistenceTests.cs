using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Persistence;

public sealed class PersistenceTests(TestHost host) : IClassFixture<TestHost>
{
    [Fact]
    public void Each_module_has_its_own_database_file_in_the_data_directory()
    {
        host.CreateClient();

        File.Exists(Path.Combine(host.DataDirectory, "users.db")).Should().BeTrue();
        File.Exists(Path.Combine(host.DataDirectory, "orders.db")).Should().BeTrue();
    }

    [Fact]
    public async Task Both_databases_are_migrated_and_in_wal_mode()
    {
        host.CreateClient();

        (await JournalModeAsync<UsersDbContext>()).Should().Be("wal");
        (await JournalModeAsync<OrdersDbContext>()).Should().Be("wal");
        (await host.InScopeAsync<UsersDbContext, IEnumerable<string>>(db => db.Database.GetPendingMigrationsAsync()))
            .Should().BeEmpty();
        (await host.InScopeAsync<OrdersDbContext, IEnumerable<string>>(db => db.Database.GetPendingMigrationsAsync()))
            .Should().BeEmpty();
    }

    [Fact]
    public async Task Data_written_by_one_host_is_read_by_a_new_host_on_the_same_folder()
    {
        var client = host.CreateClient();
        var user = await client.CreateUserAsync();

        await using var restarted = new TestHost { DataDirectory = host.DataDirectory };

        var response = await restarted.CreateClient().GetAsync($"/users/{user.Id}");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    private Task<string> JournalModeAsync<TContext>() where TContext : DbContext =>
        host.InScopeAsync<TContext, string>(db =>
            db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync());
}
