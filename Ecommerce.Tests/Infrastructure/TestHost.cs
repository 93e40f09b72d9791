using Ecommerce.Benchmark;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Orders.KnownUsers;
using MassTransit.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
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
    private readonly string _dataDirectory = NewDataDirectory();
    private bool _ownsDataDirectory = true;

    /// <summary>A fresh folder path for a host's SQLite files (not created: the host creates it).</summary>
    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ecommerce-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The SQLite folder: a fresh one, deleted on dispose, unless an existing one is given (a restart).</summary>
    public string DataDirectory
    {
        get => _dataDirectory;
        init
        {
            _dataDirectory = value;
            _ownsDataDirectory = false;
        }
    }

    public enum Provider
    {
        Sqlite,
        PostgreSql,
    }

    /// <summary>Which database the host runs on: SQLite files in <see cref="DataDirectory"/> unless a subclass says otherwise.</summary>
    public virtual Provider Database => ConnectionString is null ? Provider.Sqlite : Provider.PostgreSql;

    /// <summary>The PostgreSQL database of this host (and of any other instance given the same one); null on SQLite.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Configuration for one test, applied after the defaults below.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Extra registrations for one test (e.g. a fault to inject), applied after the host's own.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>What was published and consumed on the in-memory bus.</summary>
    public ITestHarness Harness => Services.GetTestHarness();

    /// <summary>
    /// Waits until a matching event was published on the in-memory bus. (The harness's own Any() stops
    /// waiting once the bus has been idle a moment, which a fixture shared by several tests soon is.)
    /// </summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> match)
        where T : class
    {
        await Eventually.True(() => Harness.Published.Select<T>(m => match(m.Context.Message)).Any(), $"a matching {typeof(T).Name} to be published");
        return Harness.Published.Select<T>(m => match(m.Context.Message)).First().Context.Message;
    }

    /// <summary>Waits until <paramref name="count"/> matching events were consumed on the in-memory bus.</summary>
    public Task ConsumedAsync<T>(Func<T, bool> match, int count = 1)
        where T : class =>
        Eventually.True(() => Harness.Consumed.Select<T>(m => match(m.Context.Message)).Count() >= count, $"{count} matching {typeof(T).Name} to be consumed");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        if (Database == Provider.PostgreSql)
        {
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:Ecommerce", ConnectionString);
        }

        foreach (var (key, value) in Tokens.HostSettings)
        {
            builder.UseSetting(key, value); // trusts the tokens the tests mint
        }

        // Quick retries, so recovery paths finish in test time.
        builder.UseSetting("Outbox:RetryDelay", "00:00:00.050");
        builder.UseSetting("Outbox:MaxRetryDelay", "00:00:00.500");
        // Off here, as in Development: the tests send thousands of writes from one caller, and TestServer has no
        // ports, so no request comes in on a management port. RateLimitingTests and ManagementPortTests turn
        // them back on through Settings.
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.UseSetting("Management:SeparatePort", "false");
        ConfigureMessaging(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }

    /// <summary>A client signed in as whoever each request is about (<see cref="SignedInCaller"/>).</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new RedirectHandler(), new SignedInCaller());

    /// <summary>A client that sends every request with <paramref name="token"/>, or none.</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = CreateDefaultClient(new RedirectHandler());
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
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
            TempFolders.Delete(DataDirectory);
        }
    }
}
