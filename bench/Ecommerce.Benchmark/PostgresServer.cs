using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ecommerce.Benchmark;

// Also compiled into Ecommerce.Tests (linked), whose PostgreSQL tests start one too.

/// <summary>
/// A throwaway PostgreSQL server from the machine's own installation (Debian's <c>postgresql</c>):
/// <c>initdb</c> in a temporary folder, started on a free loopback port, stopped and deleted on dispose.
/// PostgreSQL refuses to run as root, so when this process is root the server runs as the
/// <c>postgres</c> user.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly bool _durable;

    private PostgresServer(string bin, string directory, int port, bool durable)
    {
        _bin = bin;
        _directory = directory;
        _durable = durable;
        Port = port;
    }

    public int Port { get; }

    /// <param name="durable">False for tests: no fsync, so a test's commits cost no disk flushes. True for the benchmark, as in production.</param>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).MaxBy(b => b)
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed here: apt-get install postgresql (the tests and the benchmark start their own server from it).");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"ecommerce-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"postgres:postgres {directory}", asPostgres: false);
        }

        var server = new PostgresServer(bin, directory, FreePort(), durable);
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {directory}/data -U postgres --auth=trust -E UTF8 --no-sync", asPostgres: true);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=200";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"ecommerce_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once, as a crash or a failover would (open connections are cut).</summary>
    public Task StopAsync() => PgCtlAsync("-m immediate stop");

    /// <summary>Starts it again on the same port and data.</summary>
    public Task StartAgainAsync()
    {
        var settings = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=500 -c shared_buffers=256MB";
        if (!_durable)
        {
            // A crash of the server process still keeps every commit (it is in the WAL, in the OS cache);
            // only a crash of the machine would not.
            settings += " -c fsync=off -c full_page_writes=off";
        }

        return PgCtlAsync($"-l {_directory}/server.log -o \"{settings}\" -w start");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgCtlAsync("-m immediate stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task PgCtlAsync(string arguments) => RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {_directory}/data {arguments}", asPostgres: true);

    private static async Task RunAsync(string program, string arguments, bool asPostgres)
    {
        var start = asPostgres && Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {arguments} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
