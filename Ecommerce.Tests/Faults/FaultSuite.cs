using System.Net;
using System.Net.Sockets;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Faults;

/// <summary>
/// The fault suite: the real host process (this build of Ecommerce.Host) against the standalone
/// broker process, never the in-process one (it would die with the host). It runs alone, so its
/// processes have the machine's two cores. CI mode by default; <c>FAULTS_SOAK=1</c> runs it longer.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultSuite
{
    public const string Name = "Fault suite (real processes)";

    public static bool Soak => Environment.GetEnvironmentVariable("FAULTS_SOAK") == "1";

    internal static async Task<(ChildProcess Broker, string BootstrapServers)> StartBrokerAsync()
    {
        var addressFile = Path.Combine(Path.GetTempPath(), $"ecommerce-broker-{Guid.NewGuid():N}.txt");
        var broker = ChildProcess.StartDotnet(HostUnderTest.HostDll(Repository.Root(), Configuration), $"kafka-broker --address-file {addressFile}", new Dictionary<string, string>());
        await broker.WaitForOutputAsync(line => line.StartsWith("Kafka broker", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var bootstrap = await File.ReadAllTextAsync(addressFile);
        File.Delete(addressFile);
        return (broker, bootstrap);
    }

    /// <summary>Starts the host process on <paramref name="dataDirectory"/> and <paramref name="port"/>: run it again with both to restart it.</summary>
    internal static Task<HostUnderTest> StartHostAsync(
        string bootstrapServers, string dataDirectory, int port, Dictionary<string, string>? settings = null, string? postgreSql = null)
    {
        var all = new Dictionary<string, string>
        {
            // Quick retries and short send timeouts, so recovery happens in test time.
            ["Outbox__RetryDelay"] = "00:00:00.050",
            ["Outbox__MaxRetryDelay"] = "00:00:00.250",
            ["Kafka__Producer__MessageTimeoutMs"] = "3000",
            ["Kafka__Consumer__RetryDelay"] = "00:00:00.010",
            ["Kafka__Consumer__SessionTimeoutMs"] = "6000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return HostUnderTest.StartAsync(Repository.Root(), bootstrapServers, all, dataDirectory, port, Configuration, postgreSql, new SignedInCaller());
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ecommerce-faults", Guid.NewGuid().ToString("N"));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The host built with the tests: bin/Debug or bin/Release, as this assembly.
    internal static string Configuration =>
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).SkipWhile(part => part != "bin").Skip(1).First();
}
