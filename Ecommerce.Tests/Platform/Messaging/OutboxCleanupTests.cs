using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Messaging;

public sealed class OutboxCleanupTests : IAsyncLifetime
{
    private readonly TestHost _host = new()
    {
        Settings =
        {
            ["Outbox:DispatchedRetention"] = "00:00:00",
            ["Outbox:CleanupInterval"] = "00:00:00.100",
            ["Outbox:PollInterval"] = "00:00:00.100",
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
}
