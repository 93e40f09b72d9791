using System.Diagnostics;
using System.Globalization;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Faults;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// Readiness answers from what the host already knows (the broker probe's last look, the outbox
/// counts): a probe builds no client and waits on nothing, so any number of probes leave the process
/// as they found it. The real process, because threads and descriptors are the process's own.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class ReadinessProbeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_readiness_probes_leave_threads_descriptors_and_memory_flat()
    {
        await using var host = await HostUnderTest.StartAsync(Repository.Root(), configuration: FaultSuite.Configuration);
        await ProbeAsync(host, 2_000); // warm: JIT, the thread pool and connection pool at this concurrency, the first broker probes
        var before = Resources(host);

        var latencies = await ProbeAsync(host, 10_000);

        var after = Resources(host);
        output.WriteLine($"| 10,000 readiness probes | threads {before.Threads} → {after.Threads} | descriptors {before.Descriptors} → {after.Descriptors} | " +
            $"RSS {before.RssMegabytes} → {after.RssMegabytes} MB | probe p50 {Percentile(latencies, 50):F1} ms, p99 {Percentile(latencies, 99):F1} ms |");
        after.Threads.Should().BeLessThanOrEqualTo(before.Threads + 8, "a probe creates no client and so no librdkafka threads");
        after.Descriptors.Should().BeLessThanOrEqualTo(before.Descriptors + 16, "a probe opens no connection of its own");
        after.RssMegabytes.Should().BeLessThanOrEqualTo(before.RssMegabytes + 40);
    }

    private static async Task<List<double>> ProbeAsync(HostUnderTest host, int count)
    {
        var latencies = new List<double>(count);
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await host.Client.GetAsync("/health/ready");
                response.EnsureSuccessStatusCode();
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        })));
        return latencies;
    }

    private static (int Threads, int Descriptors, long RssMegabytes) Resources(HostUnderTest host)
    {
        var status = File.ReadAllLines($"/proc/{host.Process.Id}/status");
        long Field(string name) => long.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return ((int)Field("Threads:"), Directory.GetFiles($"/proc/{host.Process.Id}/fd").Length, Field("VmRSS:") / 1024);
    }

    private static double Percentile(List<double> values, int percentile) =>
        values.Order().ElementAt(Math.Min(values.Count - 1, values.Count * percentile / 100));
}
