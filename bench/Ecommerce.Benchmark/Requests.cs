using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ecommerce.Benchmark;

/// <summary>The request bodies the benchmark sends, and what it reads back.</summary>
internal static class Requests
{
    public static string UserJson(int run, long n) => $$"""{"name":"Bench User {{n}}","email":"bench-{{run}}-{{n}}-{{Guid.NewGuid():N}}@example.com"}""";

    public static string OrderJson(Guid userId, long n) =>
        $$"""{"userId":"{{userId}}","product":"Bench item {{n}}","quantity":1,"totalPrice":{{(10 + n % 1000 / 100.0).ToString("F2", CultureInfo.InvariantCulture)}}}""";

    /// <summary>An order placed by its own user, signed in with their token.</summary>
    public static Request OrderOf(Guid userId, long n) => new("/orders", OrderJson(userId, n), Tokens.ForUser(userId));

    public static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    public static Guid IdOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetGuid();
    }
}
