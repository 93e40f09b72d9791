using System.Net;
using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Tests.Infrastructure;
using MassTransit.Testing;

namespace Ecommerce.Tests.Messaging;

/// <summary>The modules talking through the outbox and MassTransit's in-memory transport.</summary>
public sealed class InMemoryEventFlowTests(TestHost host) : IClassFixture<TestHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task Creating_a_user_publishes_UserCreated_which_makes_the_user_known_to_orders()
    {
        var user = await _client.CreateUserAsync();

        (await host.Harness.Published.Any<UserCreated>(m => m.Context.Message.UserId == user.Id)).Should().BeTrue();
        var published = host.Harness.Published.Select<UserCreated>(m => m.Context.Message.UserId == user.Id).Single().Context;
        published.Message.Should().BeEquivalentTo(new { user.Id, user.Name, user.Email }, o => o.Excluding(u => u.Id));
        published.MessageId.Should().Be(published.Message.EventId);
        (await host.Harness.Consumed.Any<UserCreated>(m => m.Context.Message.UserId == user.Id)).Should().BeTrue();

        var order = await _client.CreateOrderOnceUserIsKnownAsync(user.Id);
        order.UserId.Should().Be(user.Id);
    }

    [Fact]
    public async Task Placing_and_cancelling_orders_keeps_the_users_order_summary()
    {
        var user = await _client.CreateUserAsync();
        var keyboard = await _client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 49.90m);
        var mouse = await _client.CreateOrderAsync(user.Id, totalPrice: 10.05m);

        (await host.Harness.Published.Any<OrderCreated>(m => m.Context.Message.OrderId == mouse.Id)).Should().BeTrue();
        var summary = await _client.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        summary.TotalSpent.Should().Be(59.95m);
        summary.LastOrderAt.Should().Be(mouse.CreatedAt);

        (await _client.PostAsync($"/orders/{keyboard.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await host.Harness.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == keyboard.Id)).Should().BeTrue();
        var adjusted = await _client.OrderSummaryOnceAsync(user.Id, s => s.Count == 1);
        adjusted.TotalSpent.Should().Be(10.05m);
        adjusted.LastOrderAt.Should().Be(mouse.CreatedAt);
    }

    [Fact]
    public async Task A_new_user_has_an_empty_order_summary()
    {
        var user = await _client.CreateUserAsync();

        var details = await _client.GetUserAsync(user.Id);

        details.Orders.Should().Be(new Api.OrderSummaryDto(0, 0m, null));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_changes_nothing_the_second_time()
    {
        var user = await _client.CreateUserAsync();
        var order = await _client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 25.00m);
        await _client.OrderSummaryOnceAsync(user.Id, s => s.Count == 1);
        var original = host.Harness.Published.Select<OrderCreated>(m => m.Context.Message.OrderId == order.Id).Single().Context.Message;

        await host.Harness.Bus.Publish(original);
        await host.Harness.Bus.Publish(original with { });

        await Eventually.True(
            () => host.Harness.Consumed.Select<OrderCreated>(m => m.Context.Message.EventId == original.EventId).Count() == 3,
            "the two redeliveries to be consumed");
        var summary = await _client.GetUserAsync(user.Id);
        summary.Orders.Count.Should().Be(1);
        summary.Orders.TotalSpent.Should().Be(25.00m);
    }
}
