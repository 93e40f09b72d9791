using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.Tests.Faults;

/// <summary>
/// Clients writing continuously: users, orders for users already known to Orders, cancels. It
/// records every write the host acknowledged (2xx) and every 5xx; failed connections while the host
/// is down are expected and only counted.
/// </summary>
internal enum WorkloadMix
{
    /// <summary>New users, orders for them (refused while Orders does not know them yet), cancels.</summary>
    Everything,

    /// <summary>Orders and cancels for the users given to <see cref="Workload.KnownUsers"/>: every one valid.</summary>
    OrdersForKnownUsers,

    /// <summary>New users only.</summary>
    UsersOnly,
}

internal sealed class Workload(Func<HttpClient?> client, WorkloadMix mix = WorkloadMix.Everything)
{
    public ConcurrentDictionary<Guid, bool> Users { get; } = new();

    public ConcurrentDictionary<Guid, Guid> Orders { get; } = new(); // order → user

    public ConcurrentDictionary<Guid, bool> Cancelled { get; } = new();

    public int Attempts;
    public int ServerErrors;

    /// <summary>Each 5xx status seen, and how often, with whether its body was a ProblemDetails.</summary>
    public ConcurrentDictionary<string, int> ServerErrorKinds { get; } = new();
    public int Refused; // 4xx: e.g. 422 for a user not known to Orders yet
    public int Unreachable;
    private readonly ConcurrentBag<Guid> _knownBefore = [];

    /// <summary>Users Orders already knows, for a workload whose orders must all be accepted.</summary>
    public void KnownUsers(IEnumerable<Guid> users)
    {
        foreach (var user in users)
        {
            _knownBefore.Add(user);
        }
    }

    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker, stop), CancellationToken.None)));

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var http = client();
            if (http is null)
            {
                await Task.Delay(20, CancellationToken.None);
                continue;
            }

            Interlocked.Increment(ref Attempts);
            try
            {
                var roll = mix switch { WorkloadMix.UsersOnly => 0, WorkloadMix.OrdersForKnownUsers => random.Next(4, 10), _ => random.Next(10) };
                if (roll < 4)
                {
                    var response = await http.PostAsJsonAsync("/users", new { name = "Load", email = $"load-{Guid.NewGuid():N}@example.com" }, CancellationToken.None);
                    if (Record(response))
                    {
                        Users[await IdAsync(response)] = true;
                    }
                }
                else if (roll < 9 && Candidates() is { Count: > 0 } users)
                {
                    var user = users[random.Next(users.Count)];
                    var response = await SendAsUserAsync(http, user, "/orders", JsonContent.Create(new { userId = user, product = "Load", quantity = 1, totalPrice = 12.50m }));
                    if (Record(response))
                    {
                        Orders[await IdAsync(response)] = user;
                    }
                }
                else if (Orders.Keys.Where(o => !Cancelled.ContainsKey(o)).Take(50).ToList() is { Count: > 0 } open)
                {
                    var order = open[random.Next(open.Count)];
                    var response = await SendAsUserAsync(http, Orders[order], $"/orders/{order}/cancel", null);
                    if (Record(response))
                    {
                        Cancelled[order] = true;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException or IOException)
            {
                Interlocked.Increment(ref Unreachable); // the host is down or going down
            }
        }
    }

    /// <summary>A POST as the user it is about, signed in with their token, as their own app would send it.</summary>
    private static Task<HttpResponseMessage> SendAsUserAsync(HttpClient http, Guid user, string path, HttpContent? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Ecommerce.Benchmark.Tokens.ForUser(user));
        return http.SendAsync(request, CancellationToken.None);
    }

    private List<Guid> Candidates() => mix == WorkloadMix.OrdersForKnownUsers ? [.. _knownBefore] : [.. Users.Keys.Take(200)];

    private bool Record(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            Interlocked.Increment(ref ServerErrors);
            var kind = $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}";
            ServerErrorKinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }
        else if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
        {
            Interlocked.Increment(ref Refused);
        }

        return response.IsSuccessStatusCode;
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }
}
