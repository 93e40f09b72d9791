using System.Net;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Orders;

public abstract class OrderQueriesAndCancelTests<THost>(THost host) : IClassFixture<THost>
    where THost : TestHost
{
    private readonly HttpClient _client = host.CreateClient();

    private async Task<Guid> KnownUserAsync()
    {
        var userId = Guid.CreateVersion7();
        await host.MakeUserKnownToOrdersAsync(userId);
        return userId;
    }

    [Fact]
    public async Task Getting_an_order_returns_200_with_the_order()
    {
        var order = await _client.CreateOrderAsync(await KnownUserAsync());

        var response = await _client.GetAsync($"/orders/{order.Id}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadAsync<Api.OrderDto>()).Should().BeEquivalentTo(order);
    }

    [Fact]
    public async Task Getting_an_unknown_order_returns_404()
    {
        var response = await _client.GetAsync($"/orders/{Guid.CreateVersion7()}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Contain("does not exist");
    }

    [Fact]
    public async Task Listing_orders_of_a_user_pages_through_only_that_users_orders_in_creation_order()
    {
        var userId = await KnownUserAsync();
        var other = await KnownUserAsync();
        var mine = new List<Api.OrderDto>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add(await _client.CreateOrderAsync(userId, product: $"Item {i}"));
            await _client.CreateOrderAsync(other);
        }

        var first = await (await _client.GetAsync($"/orders?userId={userId}&page=1&pageSize=2")).ReadAsync<Api.PageDto<Api.OrderDto>>();
        var second = await (await _client.GetAsync($"/orders?userId={userId}&page=2&pageSize=2")).ReadAsync<Api.PageDto<Api.OrderDto>>();

        first.TotalCount.Should().Be(3);
        first.TotalPages.Should().Be(2);
        first.Items.Concat(second.Items).Select(o => o.Id).Should().Equal(mine.Select(o => o.Id));
    }

    [Fact]
    public async Task Listing_orders_without_a_user_lists_everyone_s()
    {
        var a = await _client.CreateOrderAsync(await KnownUserAsync());
        var b = await _client.CreateOrderAsync(await KnownUserAsync());

        var page = await (await _client.GetAsync("/orders?pageSize=100")).ReadAsync<Api.PageDto<Api.OrderDto>>();

        page.Items.Select(o => o.Id).Should().Contain([a.Id, b.Id]);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Listing_orders_with_out_of_range_paging_returns_400(string query, string field)
    {
        var response = await _client.GetAsync($"/orders?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task Listing_orders_with_a_malformed_user_id_returns_400()
    {
        var response = await _client.GetAsync("/orders?userId=nope");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Status.Should().Be(400);
    }

    [Fact]
    public async Task Cancelling_an_order_returns_200_with_the_cancelled_order()
    {
        var order = await _client.CreateOrderAsync(await KnownUserAsync());

        var response = await _client.PostAsync($"/orders/{order.Id}/cancel", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var cancelled = await response.ReadAsync<Api.OrderDto>();
        cancelled.Status.Should().Be("Cancelled");
        cancelled.CancelledAt.Should().NotBeNull();
        (await (await _client.GetAsync($"/orders/{order.Id}")).ReadAsync<Api.OrderDto>()).Status.Should().Be("Cancelled");
    }

    [Fact]
    public async Task Cancelling_an_order_twice_returns_409()
    {
        var order = await _client.CreateOrderAsync(await KnownUserAsync());
        await _client.PostAsync($"/orders/{order.Id}/cancel", null);

        var response = await _client.PostAsync($"/orders/{order.Id}/cancel", null);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).Detail.Should().Contain("already cancelled");
    }

    [Fact]
    public async Task Cancelling_an_unknown_order_returns_404()
    {
        var response = await _client.PostAsync($"/orders/{Guid.CreateVersion7()}/cancel", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Of_parallel_cancels_of_one_order_exactly_one_succeeds()
    {
        var order = await _client.CreateOrderAsync(await KnownUserAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            _client.PostAsync($"/orders/{order.Id}/cancel", null)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(19);
    }
}

/// <summary>On SQLite files, the embedded default.</summary>
public sealed class OrderQueriesAndCancelTestsOnSqlite(TestHost host) : OrderQueriesAndCancelTests<TestHost>(host);

/// <summary>On PostgreSQL, where the database, not this process, arbitrates concurrent writers.</summary>
public sealed class OrderQueriesAndCancelTestsOnPostgreSql(PostgreSqlTestHost host) : OrderQueriesAndCancelTests<PostgreSqlTestHost>(host);
