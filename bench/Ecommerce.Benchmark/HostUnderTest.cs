using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Ecommerce.Benchmark;

// Also compiled into Ecommerce.Tests (linked), whose fault suite kills and restarts it.

/// <summary>The real host as its own process, on fresh databases or given ones, and read-only views of its SQLite files.</summary>
internal sealed class HostUnderTest : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;

    private HostUnderTest(ChildProcess process, string dataDirectory, bool ownsDataDirectory, Uri address, DataView data, DelegatingHandler? caller)
    {
        Data = data;
        _process = process;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        HttpMessageHandler sockets = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        if (caller is not null)
        {
            caller.InnerHandler = sockets;
        }

        Client = new HttpClient(caller ?? sockets)
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Client { get; }

    /// <summary>Its databases: its own SQLite files, or the PostgreSQL database it shares with other instances.</summary>
    public DataView Data { get; }

    public ChildProcess Process => _process;

    public static string HostDll(string repository, string configuration = "Release") =>
        Path.Combine(repository, "Ecommerce.Host", "bin", configuration, "net10.0", "Ecommerce.Host.dll");

    /// <summary>
    /// Starts the host on its embedded broker, or on <paramref name="bootstrapServers"/>; on SQLite in a
    /// fresh data folder deleted on dispose, or in <paramref name="dataDirectory"/> (a restart) kept on
    /// dispose; or on the PostgreSQL database <paramref name="postgreSql"/>. Its client sends what it is
    /// given (the benchmark puts a token on each request), or signs requests in through <paramref name="caller"/>.
    /// </summary>
    public static async Task<HostUnderTest> StartAsync(
        string repository, string? bootstrapServers = null, IReadOnlyDictionary<string, string>? settings = null,
        string? dataDirectory = null, int? port = null, string configuration = "Release", string? postgreSql = null, DelegatingHandler? caller = null)
    {
        var owned = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "ecommerce-bench", Guid.NewGuid().ToString("N"));
        port ??= FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing", // the embedded broker is for Development and tests only
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__DataDirectory"] = dataDirectory,
            ["Kafka__BootstrapServers"] = bootstrapServers ?? "",
            ["Logging__LogLevel__Default"] = "Warning",
            // Thousands of writes a second from one address, and readiness asked where requests go: no rate
            // limits and no management port of its own, unless the caller's settings say otherwise.
            ["RateLimiting__Enabled"] = "false",
            ["Management__SeparatePort"] = "false",
            // As the container image runs it (Dockerfile, ADR 0040): glibc's malloc arenas capped at two.
            ["MALLOC_ARENA_MAX"] = "2",
        };
        foreach (var (key, value) in Tokens.HostEnvironment)
        {
            environment[key] = value; // trusts the tokens the clients mint
        }

        if (postgreSql is not null)
        {
            environment["Database__Provider"] = "PostgreSql";
            environment["ConnectionStrings__Ecommerce"] = postgreSql;
        }

        if (bootstrapServers is not null)
        {
            // A standalone mock broker holds every fetch for the full wait, as the embedded one does. It also
            // waits a session timeout less a second to complete every rebalance (a real broker completes one
            // once every member has rejoined): a short session keeps restarts and takeovers in test time.
            environment["Kafka__Consumer__FetchWaitMaxMs"] = "2";
            environment["Kafka__Consumer__SessionTimeoutMs"] = "10000";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var host = new HostUnderTest(
            ChildProcess.StartDotnet(HostDll(repository, configuration), "", environment), dataDirectory, owned && postgreSql is null, new Uri($"http://127.0.0.1:{port}"),
            postgreSql is null ? DataView.Sqlite(dataDirectory) : DataView.PostgreSql(postgreSql), caller);
        await host.WaitUntilReadyAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDataDirectory)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>SIGKILL, mid-flight: nothing of the host's shutdown runs.</summary>
    public async Task KillAsync()
    {
        await _process.KillAsync();
        Client.Dispose();
    }

    public List<string> Column(string module, string sql) => Data.Column(module, sql);

    public long Scalar(string module, string sql) => Data.Scalar(module, sql);

    public long PendingEvents(string module) => Data.PendingEvents(module);

    public long AppliedEvents(string module) => Data.AppliedEvents(module);

    public bool IsKnownToOrders(Guid userId) => Data.IsKnownToOrders(userId);

    public long SummaryOrderCount(Guid userId) => Data.SummaryOrderCount(userId);

    public static async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}.");
            }

            await Task.Delay(5);
        }

        return clock.Elapsed;
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
        {
            try
            {
                using var response = await Client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The host did not become ready in 60 s (or exited).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
