using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ecommerce.Benchmark;

/// <summary>One POST: where, its JSON body, and the caller's bearer token (none for sign-up).</summary>
internal readonly record struct Request(string Path, string Json, string? Token = null)
{
    public static implicit operator Request((string Path, string Json) request) => new(request.Path, request.Json);
}

internal sealed record LoadResult(int Succeeded, int Failed, TimeSpan Elapsed, List<double> LatenciesMs)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
}

/// <summary>Drives the host over loopback HTTP.</summary>
internal static class Load
{
    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> workers, each sending its next request as soon as the
    /// previous one is answered, until <paramref name="duration"/> passes or <paramref name="limit"/> succeed.
    /// </summary>
    public static Task<LoadResult> ClosedLoopAsync(
        HttpClient client, int concurrency, TimeSpan duration, Func<long, Request> request,
        HttpStatusCode expected, Action<string>? onSuccess = null, int limit = int.MaxValue) =>
        ClosedLoopAsync([client], concurrency, duration, request, expected, onSuccess, limit);

    /// <summary>The same, spreading the workers evenly over several instances, as a load balancer would.</summary>
    public static async Task<LoadResult> ClosedLoopAsync(
        IReadOnlyList<HttpClient> clients, int concurrency, TimeSpan duration, Func<long, Request> request,
        HttpStatusCode expected, Action<string>? onSuccess = null, int limit = int.MaxValue)
    {
        var latencies = new List<double>[concurrency];
        var succeeded = 0;
        var failed = 0;
        long sequence = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            var client = clients[worker % clients.Count];
            while (clock.Elapsed < duration && Volatile.Read(ref succeeded) < limit)
            {
                var (path, json, token) = request(Interlocked.Increment(ref sequence));
                using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                if (token is not null)
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == expected)
                {
                    Interlocked.Increment(ref succeeded);
                    onSuccess?.Invoke(body);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return new LoadResult(succeeded, failed, clock.Elapsed, latencies.SelectMany(l => l).ToList());
    }

    /// <summary>Open loop: starts <paramref name="operation"/> <paramref name="perSecond"/> times a second, whatever the answers take.</summary>
    public static async Task<List<double>> OpenLoopAsync(int perSecond, TimeSpan duration, Func<Task<double>> operation)
    {
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = Stopwatch.StartNew();
        var operations = new List<Task<double>>();
        for (var i = 0; interval * i < duration; i++)
        {
            var wait = interval * i - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            operations.Add(Task.Run(operation));
        }

        return [.. await Task.WhenAll(operations)];
    }
}
