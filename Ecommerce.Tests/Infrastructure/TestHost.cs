using System.Net.Http.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Orders.KnownUsers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>The real host and HTTP pipeline, on real SQLite files in a fresh temporary folder.</summary>
public sealed class TestHost : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "ecommerce-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:DataDirectory", DataDirectory);
    }

    /// <summary>Makes a user known to Orders the way the UserCreated consumer does.</summary>
    internal async Task MakeUserKnownToOrdersAsync(Guid userId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        await db.RememberUserAsync(userId, DateTimeOffset.UtcNow, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    internal async Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> query)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
