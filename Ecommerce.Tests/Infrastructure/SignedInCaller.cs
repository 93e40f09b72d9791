using System.Net.Http.Headers;
using System.Text.Json;
using Ecommerce.Benchmark;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The default test client's caller: signed in as whoever the request is about, as the user's own app
/// would be. An order is placed and cancelled by its user; sign-up is anonymous; reads go as the
/// operator, who may read everything. A request that already carries an Authorization header (or
/// <see cref="Anonymous"/>) goes as it is. What each caller may and may not do is tested, caller by
/// caller, in <c>AuthorizationTests</c>; every other test is about something else.
/// </summary>
public sealed class SignedInCaller : DelegatingHandler
{
    /// <summary>Put on a request to send it without a token.</summary>
    public static readonly HttpRequestOptionsKey<bool> Anonymous = new("anonymous");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && !request.Options.TryGetValue(Anonymous, out _))
        {
            var token = await TokenForAsync(request, cancellationToken);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string?> TokenForAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var path = request.RequestUri!.AbsolutePath.TrimEnd('/');
        if (request.Method != HttpMethod.Post)
        {
            return Tokens.Admin;
        }

        if (path == "/users")
        {
            return null;
        }

        if (path == "/orders")
        {
            // The user the order is for; a body without one (bad input) goes as the operator, and is refused for what it is.
            return await UserIdInAsync(request) is { } userId ? Tokens.ForUser(userId) : Tokens.Admin;
        }

        if (path.StartsWith("/orders/", StringComparison.Ordinal) && path.EndsWith("/cancel", StringComparison.Ordinal))
        {
            // Its owner, as the operator sees it; a missing order goes as the operator, and is not found.
            using var lookup = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri, path[..^"/cancel".Length]));
            lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Admin);
            using var order = await base.SendAsync(lookup, ct);
            return order.IsSuccessStatusCode && await UserIdInAsync(order.Content) is { } owner ? Tokens.ForUser(owner) : Tokens.Admin;
        }

        return Tokens.Admin;
    }

    private static Task<Guid?> UserIdInAsync(HttpRequestMessage request) =>
        request.Content is null ? Task.FromResult<Guid?>(null) : UserIdInAsync(request.Content);

    private static async Task<Guid?> UserIdInAsync(HttpContent content)
    {
        try
        {
            using var json = JsonDocument.Parse(await content.ReadAsStringAsync());
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("userId", out var id) && id.ValueKind == JsonValueKind.String && id.TryGetGuid(out var userId) ? userId : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
