using System.Net;
using System.Net.Http.Json;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Platform.Http;

/// <summary>
/// Who may do what, endpoint by endpoint, for each kind of caller: nobody (no token), the owner of
/// the resource, another user, and the operator (role <c>admin</c>). Another user's resource does not
/// exist for a caller (404); a write in another user's name is refused (403); without a token, 401.
/// </summary>
public sealed class AuthorizationTests(TestHost host) : IClassFixture<TestHost>
{
    public enum Caller
    {
        Anonymous,
        Owner,
        AnotherUser,
        Admin,
    }

    public static TheoryData<string, Caller, HttpStatusCode> Matrix => new()
    {
        { "POST /users", Caller.Anonymous, HttpStatusCode.Created },
        { "POST /users", Caller.Owner, HttpStatusCode.Created },
        { "POST /users", Caller.AnotherUser, HttpStatusCode.Created },
        { "POST /users", Caller.Admin, HttpStatusCode.Created },
        { "GET /users/{owner}", Caller.Anonymous, HttpStatusCode.Unauthorized },
        { "GET /users/{owner}", Caller.Owner, HttpStatusCode.OK },
        { "GET /users/{owner}", Caller.AnotherUser, HttpStatusCode.NotFound },
        { "GET /users/{owner}", Caller.Admin, HttpStatusCode.OK },
        { "GET /users", Caller.Anonymous, HttpStatusCode.Unauthorized },
        { "GET /users", Caller.Owner, HttpStatusCode.Forbidden },
        { "GET /users", Caller.AnotherUser, HttpStatusCode.Forbidden },
        { "GET /users", Caller.Admin, HttpStatusCode.OK },
        { "POST /orders for {owner}", Caller.Anonymous, HttpStatusCode.Unauthorized },
        { "POST /orders for {owner}", Caller.Owner, HttpStatusCode.Created },
        { "POST /orders for {owner}", Caller.AnotherUser, HttpStatusCode.Forbidden },
        { "POST /orders for {owner}", Caller.Admin, HttpStatusCode.Forbidden },
        { "GET /orders/{order}", Caller.Anonymous, HttpStatusCode.Unauthorized },
        { "GET /orders/{order}", Caller.Owner, HttpStatusCode.OK },
        { "GET /orders/{order}", Caller.AnotherUser, HttpStatusCode.NotFound },
        { "GET /orders/{order}", Caller.Admin, HttpStatusCode.OK },
        { "GET /orders?userId={owner}", Caller.Anonymous, HttpStatusCode.Unauthorized },
        { "GET /orders?userId={owner}", Caller.Owner, HttpStatusCode.OK },
        { "GET /orders?userId={owner}", Caller.AnotherUser, HttpStatusCode.NotFound },
        { "GET /orders?userId={owner}", Caller.Admin, HttpStatusCode.OK },
        { "GET /orders", Caller.Anonymous, HttpStatusCode.Unauthorized },
        { "GET /orders", Caller.Owner, HttpStatusCode.OK },
        { "GET /orders", Caller.AnotherUser, HttpStatusCode.OK },
        { "GET /orders", Caller.Admin, HttpStatusCode.OK },
        { "POST /orders/{order}/cancel", Caller.Anonymous, HttpStatusCode.Unauthorized },
        { "POST /orders/{order}/cancel", Caller.Owner, HttpStatusCode.OK },
        { "POST /orders/{order}/cancel", Caller.AnotherUser, HttpStatusCode.NotFound },
        { "POST /orders/{order}/cancel", Caller.Admin, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_endpoint_answers_each_kind_of_caller_as_its_rules_say(string endpoint, Caller caller, HttpStatusCode expected)
    {
        var (owner, other, order) = await WorldAsync();
        var client = host.CreateClient(caller switch
        {
            Caller.Owner => Tokens.ForUser(owner),
            Caller.AnotherUser => Tokens.ForUser(other),
            Caller.Admin => Tokens.Admin,
            _ => null,
        });

        using var response = endpoint switch
        {
            "POST /users" => await client.PostAsJsonAsync("/users", new { name = "New", email = Api.UniqueEmail() }),
            "GET /users/{owner}" => await client.GetAsync($"/users/{owner}"),
            "GET /users" => await client.GetAsync("/users"),
            "POST /orders for {owner}" => await client.PostAsJsonAsync("/orders", new { userId = owner, product = "Pen", quantity = 1, totalPrice = 2.50m }),
            "GET /orders/{order}" => await client.GetAsync($"/orders/{order}"),
            "GET /orders?userId={owner}" => await client.GetAsync($"/orders?userId={owner}"),
            "GET /orders" => await client.GetAsync("/orders"),
            "POST /orders/{order}/cancel" => await client.PostAsync($"/orders/{order}/cancel", null),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        if (!response.IsSuccessStatusCode)
        {
            (await response.ReadProblemAsync()).Status.Should().Be((int)expected);
        }

        if (expected == HttpStatusCode.Unauthorized)
        {
            response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task A_user_lists_only_their_own_orders_and_the_operator_everyone_s()
    {
        var (owner, other, order) = await WorldAsync();
        var theirs = await host.CreateClient().CreateOrderOnceUserIsKnownAsync(other);

        var own = await (await host.CreateClient(Tokens.ForUser(owner)).GetAsync("/orders?size=100")).ReadAsync<Api.PageDto<Api.OrderDto>>();
        var all = await (await host.CreateClient(Tokens.Admin).GetAsync($"/orders?userId={other}")).ReadAsync<Api.PageDto<Api.OrderDto>>();

        own.Items.Should().ContainSingle().Which.Id.Should().Be(order);
        all.Items.Should().ContainSingle().Which.Id.Should().Be(theirs.Id);
    }

    [Fact]
    public async Task A_refused_write_writes_nothing()
    {
        var (owner, other, order) = await WorldAsync();

        await host.CreateClient(Tokens.ForUser(other)).PostAsJsonAsync("/orders", new { userId = owner, product = "Forged", quantity = 1, totalPrice = 1m });
        await host.CreateClient(Tokens.ForUser(other)).PostAsync($"/orders/{order}/cancel", null);

        var orders = await (await host.CreateClient(Tokens.Admin).GetAsync($"/orders?userId={owner}")).ReadAsync<Api.PageDto<Api.OrderDto>>();
        orders.Items.Should().ContainSingle().Which.Status.Should().Be("Placed");
    }

    /// <summary>Two users, the first known to Orders with one order: fresh for each case, so a case's writes never meet another's.</summary>
    private async Task<(Guid Owner, Guid Other, Guid Order)> WorldAsync()
    {
        var client = host.CreateClient();
        var owner = (await client.CreateUserAsync()).Id;
        var other = (await client.CreateUserAsync()).Id;
        var order = await client.CreateOrderOnceUserIsKnownAsync(owner);
        return (owner, other, order.Id);
    }
}
