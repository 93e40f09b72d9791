using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Orders.KnownUsers;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The real host and HTTP pipeline, on real SQLite files in a fresh temporary folder, with events on
/// MassTransit's in-memory transport watched by its test harness. <see cref="KafkaTestHost"/> runs the
/// same host on Kafka instead.
/// </summary>
public class TestHost : WebApplicationFactory<Program>
{
    private readonly bool _ownsDataDirectory;

    public TestHost()
        : this(dataDirectory: null)
    {
    }

    /// <param name="dataDirectory">An existing folder to reuse (a restart), or null for a fresh one deleted on dispose.</param>
    protected TestHost(string? dataDirectory)
    {
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "ecommerce-tests", Guid.NewGuid().ToString("N"));
    }

    public string DataDirectory { get; }

    /// <summary>What was published and consumed on the in-memory bus.</summary>
    public ITestHarness Harness => Services.GetTestHarness();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        // Quick retries, so recovery paths finish in test time.
        builder.UseSetting("Outbox:RetryDelay", "00:00:00.050");
        builder.UseSetting("Outbox:MaxRetryDelay", "00:00:00.500");
        ConfigureMessaging(builder);
    }

    protected virtual void ConfigureMessaging(IWebHostBuilder builder)
    {
        builder.UseSetting("Messaging:Transport", "InMemory");
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
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
        GC.SuppressFinalize(this);
        SqliteConnection.ClearAllPools();
        if (_ownsDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
