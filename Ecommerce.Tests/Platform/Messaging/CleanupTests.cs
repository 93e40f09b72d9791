using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Messaging;

/// <summary>What is kept only for a while (sent outbox rows, applied events' ids) is deleted after its retention.</summary>
public sealed class CleanupTests : IAsyncLifetime
{
    private readonly TestHost _host = new()
    {
        Settings =
        {
            ["Outbox:DispatchedRetention"] = "00:00:00",
            ["Outbox:CleanupInterval"] = "00:00:00.100",
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Inbox:Retention"] = "00:00:00.001",
            ["Inbox:CleanupInterval"] = "00:00:00.100",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Dispatched_events_are_deleted_after_the_retention_period()
    {
        var client = _host.CreateClient();

        var user = await client.CreateUserAsync();

        await _host.PublishedAsync<UserCreated>(e => e.UserId == user.Id);
        await Eventually.Async(
            () => _host.InScopeAsync<UsersDbContext, int>(db => db.Set<OutboxMessage>().CountAsync()),
            rows => rows == 0, "the dispatched event to be cleaned up");
    }

    [Fact]
    public async Task Applied_event_ids_are_deleted_after_the_inbox_retention()
    {
        var client = _host.CreateClient();

        var user = await client.CreateUserAsync();

        await _host.ConsumedAsync<UserCreated>(e => e.UserId == user.Id);
        await Eventually.Async(
            () => _host.InScopeAsync<Ecommerce.Modules.Orders.Data.OrdersDbContext, int>(db => db.Set<InboxMessage>().CountAsync()),
            rows => rows == 0, "the applied event's inbox row to be cleaned up");
        (await _host.InScopeAsync<Ecommerce.Modules.Orders.Data.OrdersDbContext, int>(db => db.KnownUsers.CountAsync(u => u.UserId == user.Id)))
            .Should().Be(1, "the cleanup removes the dedupe record, never the effect");
    }
}
