using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Faults;

[Collection(FaultSuite.Name)]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private static readonly string[] Tables =
    [
        "users:users", "users:outbox_messages", "users:inbox_messages", "users:order_summaries", "users:idempotency_keys",
        "orders:orders", "orders:outbox_messages", "orders:inbox_messages", "orders:known_users", "orders:idempotency_keys",
    ];

    [Fact]
    public async Task Thousands_of_hostile_requests_get_no_5xx_and_write_nothing()
    {
        var count = FaultSuite.Soak ? 100_000 : 10_000;
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        await using var host = await FaultSuite.StartHostAsync(bootstrap, FaultSuite.NewDataDirectory(), FaultSuite.FreePort());
        var user = await host.Client.CreateUserAsync();
        await HostUnderTest.WaitUntilAsync(() => host.IsKnownToOrders(user.Id), TimeSpan.FromSeconds(60), "the one real user to be known");
        var rowsBefore = Tables.ToDictionary(t => t, t => Rows(host, t));

        var statuses = new ConcurrentDictionary<string, int>();
        var requests = HostileRequests.Generate(count, user.Id).GetEnumerator();
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                HostileRequests.Request next;
                lock (gate)
                {
                    if (!requests.MoveNext())
                    {
                        return;
                    }

                    next = requests.Current;
                }

                string outcome;
                try
                {
                    using var response = await host.Client.SendAsync(next.ToMessage());
                    outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException)
                {
                    outcome = "connection closed"; // Kestrel cuts an oversized upload short after its 413
                }

                statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        })));

        var serverErrors = statuses.Where(s => s.Key.StartsWith('5')).Sum(s => s.Value);
        var written = Tables.Sum(t => Rows(host, t) - rowsBefore[t]);
        output.WriteLine($"| hostile input | {count} requests in {HostileRequests.Kinds} kinds | {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))} | rows written {written} | 5xx {serverErrors} |");
        serverErrors.Should().Be(0);
        written.Should().Be(0);
        statuses.Sum(s => s.Value).Should().Be(count);
        statuses.Should().ContainKey("413", "bodies over the limit are refused");
        (await host.Client.GetAsync($"/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.OK, "the host still serves");
    }

    private static long Rows(HostUnderTest host, string table)
    {
        var (module, name) = (table.Split(':')[0], table.Split(':')[1]);
        return host.Scalar(module, $"SELECT COUNT(*) FROM {name}");
    }
}

/// <summary>Requests a hostile or broken client sends. Every one is invalid by construction, so none may write.</summary>
internal static class HostileRequests
{
    public const int Kinds = 12;

    private static readonly string[] Nasty =
    [
        "'; DROP TABLE users; --", "\" OR 1=1 --", "Robert'); DELETE FROM orders;--", "<script>alert(1)</script>", "../../etc/passwd",
        "\\u0000", "\\ud800", "\\udfff\\ud800", "\u202Eevil", "\u200B\u200B", "\uFEFF", "𝕬𝖉𝖆 🧑‍💻", "e\u0301e\u0301", new string('é', 300), "%00%0d%0a",
    ];

    public sealed record Request(string Method, string Path, string? ContentType, byte[]? Body, string? IdempotencyKey = null)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Body);
                message.Content.Headers.ContentType = ContentType is null ? null : MediaTypeHeaderValue.Parse(ContentType);
            }

            if (IdempotencyKey is not null)
            {
                message.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
            }

            return message;
        }
    }

    public static IEnumerable<Request> Generate(int count, Guid realUser)
    {
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            yield return (i % Kinds) switch
            {
                0 => Json("/users", Truncate($$"""{"name":"Ada","email":"ada-{{i}}@example.com"}""", random)),
                1 => Json("/orders", Truncate($$"""{"userId":"{{realUser}}","product":"Pen","quantity":1,"totalPrice":1.5}""", random)),
                2 => Json("/users", $$"""{"name":{{Pick(["42", "[]", "{}", "true", "null", "1e400"], random)}},"email":"ada-{{i}}@example.com"}"""),
                3 => Json("/orders", $$"""{"userId":"{{realUser}}","product":"Pen","quantity":{{Pick(["\"2\"", "2.5", "1e400", "-1", "0", "10001", "9223372036854775808", "null", "[1]"], random)}},"totalPrice":1}"""),
                4 => Json("/orders", $$"""{"userId":{{Pick(["\"not-a-guid\"", "123", "\"00000000-0000-0000-0000-000000000000\"", "null", "{}"], random)}},"product":"Pen","quantity":1,"totalPrice":{{Pick(["1e400", "\"12.34\"", "-0.01", "12.345", "1000000000.01", "NaN", "1"], random)}}}"""),
                5 => Json("/users", $$"""{"name":"{{new string('x', random.Next(70_000, 400_000))}}","email":"big@example.com"}"""),
                6 => Json(Pick(["/users", "/orders"], random), new string('[', random.Next(65, 3000)) + new string(']', random.Next(0, 3000))),
                7 => Json("/users", $$"""{"name":"{{Pick(Nasty, random)}}","email":"{{Pick(["not-an-email", "a@b", "a b@c.com", "x@x.com' OR '1'='1", "", "@example.com"], random)}}"}"""),
                8 => Json("/orders", $$"""{"userId":"{{realUser}}","product":"{{Pick(Nasty, random)}}","quantity":0,"totalPrice":1}"""),
                9 => new Request("POST", Pick(["/users", "/orders"], random), Pick([null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"], random),
                    Encoding.UTF8.GetBytes($$"""{"name":"Ada","email":"ct-{{i}}@example.com"}""")),
                10 => new Request(Pick(["GET", "PUT", "PATCH", "DELETE", "POST", "OPTIONS"], random),
                    Pick(["/admin", "/users/not-a-guid", "/orders/x/cancel", $"/orders/{Guid.NewGuid()}/cancel", "/users/../../etc/passwd", $"/users/{realUser}", "/orders?userId=garbage&page=-1", "/users?page=abc&pageSize=1000", "/%00", "/orders/" + new string('9', 500)], random),
                    null, null),
                _ => Json("/orders", $$"""{"userId":"{{Guid.NewGuid()}}","product":"Unknown user","quantity":1,"totalPrice":1}""", random.Next(3) == 0 ? new string('k', random.Next(201, 2000)) : null),
            };
        }
    }

    private static Request Json(string path, string body, string? idempotencyKey = null) =>
        new("POST", path, "application/json", Encoding.UTF8.GetBytes(body), idempotencyKey);

    // Cut somewhere inside, or add trailing junk: never a whole valid document.
    private static string Truncate(string json, Random random) =>
        random.Next(2) == 0 ? json[..random.Next(1, json.Length - 1)] : json + Pick(["}", ",", "x", "\u0000", "]"], random);

    private static string Pick(string?[] options, Random random) => options[random.Next(options.Length)]!;
}
