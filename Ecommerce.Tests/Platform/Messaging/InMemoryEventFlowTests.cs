using MassTransit;
using System.Net;
using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Platform.Messaging.Consuming;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Messaging;

/// <summary>The modules talking through the outbox and MassTransit's in-memory transport.</summary>
public abstract class InMemoryEventFlowTests<THost>(THost host) : IClassFixture<THost>
    where THost : TestHost
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task Creating_a_user_publishes_UserCreated_which_makes_the_user_known_to_orders()
    {
        var user = await _client.CreateUserAsync();

        var published = await host.PublishedAsync<UserCreated>(e => e.UserId == user.Id);
        published.Should().BeEquivalentTo(new { UserId = user.Id, user.Name, user.Email, OccurredAt = user.CreatedAt });
        host.Harness.Published.Select<UserCreated>(m => m.Context.Message.UserId == user.Id).Single().Context.MessageId
            .Should().Be(published.EventId, "the event id is the message id on the bus");
        await host.ConsumedAsync<UserCreated>(e => e.UserId == user.Id);

        var order = await _client.CreateOrderOnceUserIsKnownAsync(user.Id);
        order.UserId.Should().Be(user.Id);
    }

    [Fact]
    public async Task Placing_and_cancelling_orders_keeps_the_users_order_summary()
    {
        var user = await _client.CreateUserAsync();
        var keyboard = await _client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 49.90m);
        var mouse = await _client.CreateOrderAsync(user.Id, totalPrice: 10.05m);

        await host.PublishedAsync<OrderCreated>(e => e.OrderId == mouse.Id);
        var summary = await _client.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        summary.TotalSpent.Should().Be(59.95m);
        summary.LastOrderAt.Should().Be(mouse.CreatedAt);

        (await _client.PostAsync($"/orders/{keyboard.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var cancelled = await host.PublishedAsync<OrderCancelled>(e => e.OrderId == keyboard.Id);
        cancelled.TotalPrice.Should().Be(49.90m);
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
        var original = await host.PublishedAsync<OrderCreated>(e => e.OrderId == order.Id);

        // Redelivered as the transport delivers it: the event id is the message id.
        await host.Harness.Bus.Publish(original, (PublishContext<OrderCreated> context) => context.MessageId = original.EventId);
        await host.Harness.Bus.Publish(original with { }, (PublishContext<OrderCreated> context) => context.MessageId = original.EventId);

        // The harness lists a message id once, so wait for the bus to have delivered everything instead.
        await host.Harness.InactivityTask;
        var summary = await _client.GetUserAsync(user.Id);
        summary.Orders.Count.Should().Be(1);
        summary.Orders.TotalSpent.Should().Be(25.00m);
    }

    [Fact]
    public async Task An_event_the_API_would_have_refused_faults_at_once_and_changes_nothing()
    {
        var forged = new UserCreated(Guid.CreateVersion7(), Guid.CreateVersion7(), "Mallory", "", DateTimeOffset.UtcNow);

        await host.Harness.Bus.Publish(forged, (PublishContext<UserCreated> context) => context.MessageId = forged.EventId);

        var fault = await host.PublishedAsync<Fault<UserCreated>>(f => f.Message.EventId == forged.EventId);
        fault.Exceptions.Should().ContainSingle().Which.ExceptionType.Should().EndWith(nameof(InvalidEventException));
        fault.Exceptions[0].Message.Should().Contain("'Email' must not be empty");
        (await host.InScopeAsync<OrdersDbContext, bool>(db => db.KnownUsers.AnyAsync(u => u.UserId == forged.UserId)))
            .Should().BeFalse("the forged user was never learnt");
    }
}

/// <summary>On SQLite files, the embedded default.</summary>
public sealed class InMemoryEventFlowTestsOnSqlite(TestHost host) : InMemoryEventFlowTests<TestHost>(host);

/// <summary>On PostgreSQL, where the database, not this process, arbitrates concurrent writers.</summary>
public sealed class InMemoryEventFlowTestsOnPostgreSql(PostgreSqlTestHost host) : InMemoryEventFlowTests<PostgreSqlTestHost>(host);
