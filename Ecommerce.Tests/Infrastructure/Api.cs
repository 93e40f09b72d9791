using System.Net.Http.Json;
using System.Text.Json;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>What a client sees: the JSON shapes of the public API, and helpers to call it.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record UserDto(Guid Id, string Name, string Email, DateTimeOffset CreatedAt);

    public sealed record OrderSummaryDto(int Count, decimal TotalSpent, DateTimeOffset? LastOrderAt);

    public sealed record UserDetailsDto(Guid Id, string Name, string Email, DateTimeOffset CreatedAt, OrderSummaryDto Orders);

    public sealed record OrderDto(
        Guid Id, Guid UserId, string Product, int Quantity, decimal TotalPrice, string Currency, string Status,
        DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

    public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

    public sealed record ProblemDto(
        string? Type, string? Title, int Status, string? Detail, Dictionary<string, string[]>? Errors);

    public static string UniqueEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static async Task<UserDto> CreateUserAsync(this HttpClient client, string? email = null, string name = "Ada Lovelace")
    {
        var response = await client.PostAsJsonAsync("/users", new { name, email = email ?? UniqueEmail() });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<UserDto>(Json))!;
    }

    public static async Task<OrderDto> CreateOrderAsync(
        this HttpClient client, Guid userId, string product = "Keyboard", int quantity = 1, decimal totalPrice = 49.90m)
    {
        var response = await client.PostAsJsonAsync("/orders", new { userId, product, quantity, totalPrice });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OrderDto>(Json))!;
    }

    /// <summary>Places an order (a known user's) in a trace the caller started, as a traced client would: <c>traceparent</c> sampled.</summary>
    public static async Task<OrderDto> CreateOrderInTraceAsync(this HttpClient client, Guid userId, System.Diagnostics.ActivityTraceId trace)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = JsonContent.Create(new { userId, product = "Traced", quantity = 1, totalPrice = 3m }),
        };
        post.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await client.SendAsync(post);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderDto>(Json))!;
    }

    /// <summary>Places an order as a client would just after creating the user: retrying while Orders answers 422 (not known yet).</summary>
    public static async Task<OrderDto> CreateOrderOnceUserIsKnownAsync(this HttpClient client, Guid userId, decimal totalPrice = 49.90m)
    {
        var response = await Eventually.Async(
            () => client.PostAsJsonAsync("/orders", new { userId, product = "Keyboard", quantity = 1, totalPrice }),
            r => r.StatusCode != System.Net.HttpStatusCode.UnprocessableEntity,
            $"user {userId} to be known to Orders");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OrderDto>(Json))!;
    }

    /// <summary>
    /// A user with one order that has gone the whole way round (known to Orders, counted by Users):
    /// both modules' relays and consumers are then running.
    /// </summary>
    public static async Task<(UserDto User, OrderDto Order)> CreateUserWithOneOrderAsync(this HttpClient client, decimal totalPrice)
    {
        var user = await client.CreateUserAsync();
        var order = await client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice);
        await client.OrderSummaryOnceAsync(user.Id, s => s.Count == 1);
        return (user, order);
    }

    public static async Task<UserDetailsDto> GetUserAsync(this HttpClient client, Guid userId) =>
        (await client.GetFromJsonAsync<UserDetailsDto>($"/users/{userId}", Json))!;

    /// <summary>Waits until the user's order summary (kept from Orders' events) satisfies <paramref name="until"/>.</summary>
    public static async Task<OrderSummaryDto> OrderSummaryOnceAsync(this HttpClient client, Guid userId, Func<OrderSummaryDto, bool> until) =>
        (await Eventually.Async(() => client.GetUserAsync(userId), u => until(u.Orders), $"the order summary of user {userId}")).Orders;

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;

    public static async Task<ProblemDto> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<ProblemDto>(Json))!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
