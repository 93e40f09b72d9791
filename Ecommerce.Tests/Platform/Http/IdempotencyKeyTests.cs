using System.Net;
using System.Net.Http.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Idempotency;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Http;

public abstract class IdempotencyKeyTests<THost>(THost host) : IClassFixture<THost>
    where THost : TestHost
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task Creating_a_user_again_with_the_same_key_returns_the_first_answer_and_creates_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { name = "Ada", email = Api.UniqueEmail() };

        var first = await SendAsync("/users", body, key);
        var again = await SendAsync("/users", body, key);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(HttpStatusCode.Created, "not 409: it is the same request");
        (await again.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        again.Headers.Location.Should().Be(first.Headers.Location);
        again.Headers.GetValues(IdempotentRequests.ReplayedHeader).Should().Equal("true");
        (await host.InScopeAsync<UsersDbContext, int>(db => db.Users.CountAsync(u => u.Email == body.email))).Should().Be(1);
        (await host.InScopeAsync<UsersDbContext, int>(db => db.Set<OutboxMessage>().CountAsync(m => m.Payload.Contains(body.email)))).Should().Be(1);
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_returns_422_and_writes_nothing()
    {
        var userId = Guid.CreateVersion7();
        await host.MakeUserKnownToOrdersAsync(userId);
        var key = Guid.NewGuid().ToString();
        await SendAsync("/orders", new { userId, product = "First", quantity = 1, totalPrice = 5m }, key);

        var response = await SendAsync("/orders", new { userId, product = "Second", quantity = 1, totalPrice = 5m }, key);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.ReadProblemAsync()).Detail.Should().Contain("different request");
        (await host.InScopeAsync<OrdersDbContext, int>(db => db.Orders.CountAsync(o => o.UserId == userId))).Should().Be(1);
    }

    [Fact]
    public async Task Two_callers_using_the_same_key_neither_collide_nor_see_each_other_s_answers()
    {
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await host.MakeUserKnownToOrdersAsync(first);
        await host.MakeUserKnownToOrdersAsync(second);
        var key = Guid.NewGuid().ToString();

        var mine = await SendAsync("/orders", new { userId = first, product = "Mine", quantity = 1, totalPrice = 5m }, key);
        var theirs = await SendAsync("/orders", new { userId = second, product = "Theirs", quantity = 1, totalPrice = 7m }, key);

        mine.StatusCode.Should().Be(HttpStatusCode.Created);
        theirs.StatusCode.Should().Be(HttpStatusCode.Created, "another caller's key is not this caller's");
        theirs.Headers.Contains(IdempotentRequests.ReplayedHeader).Should().BeFalse();
        (await theirs.ReadAsync<Api.OrderDto>()).UserId.Should().Be(second);
    }

    [Fact]
    public async Task Anonymous_sign_ups_with_one_key_replay_only_the_very_same_request()
    {
        var key = Guid.NewGuid().ToString();
        var ada = await SendAsync("/users", new { name = "Ada", email = Api.UniqueEmail() }, key);

        // Anonymous callers cannot be told apart: another body is another caller's request, not a replay of Ada's.
        var grace = await SendAsync("/users", new { name = "Grace", email = Api.UniqueEmail() }, key);

        ada.StatusCode.Should().Be(HttpStatusCode.Created);
        grace.StatusCode.Should().Be(HttpStatusCode.Created);
        grace.Headers.Contains(IdempotentRequests.ReplayedHeader).Should().BeFalse();
        (await grace.ReadAsync<Api.UserDto>()).Name.Should().Be("Grace");
    }

    [Fact]
    public async Task Parallel_orders_with_one_key_create_one_order_and_all_get_its_answer()
    {
        var userId = Guid.CreateVersion7();
        await host.MakeUserKnownToOrdersAsync(userId);
        var key = Guid.NewGuid().ToString();
        var body = new { userId, product = "Once", quantity = 1, totalPrice = 5m };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync("/orders", body, key)));

        responses.Should().AllSatisfy(r => r.StatusCode.Should().Be(HttpStatusCode.Created));
        (await Task.WhenAll(responses.Select(r => r.ReadAsync<Api.OrderDto>()))).Select(o => o.Id).Distinct().Should().ContainSingle();
        (await host.InScopeAsync<OrdersDbContext, int>(db => db.Orders.CountAsync(o => o.UserId == userId))).Should().Be(1);
    }

    [Fact]
    public async Task Cancelling_again_with_the_same_key_replays_200_instead_of_409_and_sends_one_event()
    {
        var userId = Guid.CreateVersion7();
        await host.MakeUserKnownToOrdersAsync(userId);
        var order = await _client.CreateOrderAsync(userId);
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync($"/orders/{order.Id}/cancel", null, key);
        var again = await SendAsync($"/orders/{order.Id}/cancel", null, key);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.InScopeAsync<OrdersDbContext, int>(db => db.Set<OutboxMessage>()
            .CountAsync(m => m.Key == order.Id.ToString() && m.Type == Events.OrderCancelledType))).Should().Be(1);
    }

    [Fact]
    public async Task A_refused_request_is_not_remembered_so_its_retry_is_decided_afresh()
    {
        var userId = Guid.CreateVersion7();
        var key = Guid.NewGuid().ToString();
        var body = new { userId, product = "Later", quantity = 1, totalPrice = 5m };

        (await SendAsync("/orders", body, key)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        await host.MakeUserKnownToOrdersAsync(userId);

        (await SendAsync("/orders", body, key)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_oversized_key_returns_400()
    {
        var response = await SendAsync("/users", new { name = "Ada", email = Api.UniqueEmail() }, new string('k', 201));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey(IdempotentRequests.Header);
    }

    [Fact]
    public async Task A_key_is_forgotten_after_it_expires()
    {
        await using var shortLived = new TestHost { Settings = { ["Idempotency:Expiration"] = "00:00:00.300" } };
        var client = shortLived.CreateClient();
        var userId = Guid.CreateVersion7();
        await shortLived.MakeUserKnownToOrdersAsync(userId);
        var key = Guid.NewGuid().ToString();
        var body = new { userId, product = "Twice", quantity = 1, totalPrice = 5m };
        var first = await (await SendAsync(client, "/orders", body, key)).ReadAsync<Api.OrderDto>();

        var later = await Eventually.Async(async () => await (await SendAsync(client, "/orders", body, key)).ReadAsync<Api.OrderDto>(),
            order => order.Id != first.Id, "the key to expire and the request to act again");

        later.UserId.Should().Be(userId);
    }

    private Task<HttpResponseMessage> SendAsync(string path, object? body, string key) => SendAsync(_client, path, body, key);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object? body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(IdempotentRequests.Header, key);
        return client.SendAsync(request);
    }
}

/// <summary>On SQLite files, the embedded default.</summary>
public sealed class IdempotencyKeyTestsOnSqlite(TestHost host) : IdempotencyKeyTests<TestHost>(host);

/// <summary>On PostgreSQL, where the database, not this process, arbitrates concurrent writers.</summary>
public sealed class IdempotencyKeyTestsOnPostgreSql(PostgreSqlTestHost host) : IdempotencyKeyTests<PostgreSqlTestHost>(host);
