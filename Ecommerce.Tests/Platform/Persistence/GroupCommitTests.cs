using System.Net;
using System.Net.Http.Json;
using Ecommerce.Modules.Orders;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Platform.Persistence;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Platform.Persistence;

/// <summary>
/// Concurrent requests to one SQLite file share a commit (<see cref="SqliteGroupCommit"/>). Each test
/// holds the file's turn while its requests line up behind it, so they all land in one group: what one
/// request does in it is then seen with others around it, every time, not only when the timing happens to.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly TestHost _host = new();

    [Fact]
    public async Task Sign_ups_committed_together_keep_their_own_outcomes_when_some_are_duplicates()
    {
        var client = _host.CreateClient();
        var taken = Enumerable.Range(0, 10).Select(_ => Api.UniqueEmail()).ToList();
        var emails = taken.SelectMany(e => new[] { e, e, e }).Concat(Enumerable.Range(0, 10).Select(_ => Api.UniqueEmail())).ToList();

        var responses = await InOneGroupAsync<UsersDbContext>("users.db", emails.Count,
            () => emails.Select(email => client.PostAsJsonAsync("/users", new { name = "Grace", email })));

        var created = new List<Api.UserDto>();
        foreach (var (email, response) in emails.Zip(responses))
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created.Add(await response.ReadAsync<Api.UserDto>());
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.Conflict, $"{email} was taken by another request of the group");
            }
        }

        created.Select(u => u.Email).Should().BeEquivalentTo(emails.Distinct(), "each email is taken by exactly one of its requests");
        var (users, events) = await _host.InScopeAsync<UsersDbContext, (List<Guid>, List<string>)>(async db => (
            await db.Users.Select(u => u.Id).ToListAsync(),
            await db.Set<OutboxMessage>().Select(m => m.Key).ToListAsync()));
        users.Should().BeEquivalentTo(created.Select(u => u.Id), "a refused request wrote nothing, and an accepted one everything");
        events.Should().BeEquivalentTo(created.Select(u => u.Id.ToString()), "each accepted sign-up's event commits with it");
    }

    [Fact]
    public async Task Orders_committed_together_keep_their_own_outcomes_when_some_are_for_unknown_users()
    {
        var client = _host.CreateClient();
        var known = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var user = await client.CreateUserAsync();
            await client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 1.00m);
            known.Add(user.Id);
        }

        var before = await OrderIdsAsync();
        var userIds = Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? known[i % known.Count] : Guid.NewGuid()).ToList();

        var responses = await InOneGroupAsync<OrdersDbContext>("orders.db", userIds.Count,
            () => userIds.Select(userId => client.PostAsJsonAsync("/orders", new { userId, product = "Pen", quantity = 1, totalPrice = 2.00m })));

        var placed = new List<Guid>();
        foreach (var (userId, response) in userIds.Zip(responses))
        {
            if (known.Contains(userId))
            {
                response.StatusCode.Should().Be(HttpStatusCode.Created);
                placed.Add((await response.ReadAsync<Api.OrderDto>()).Id);
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "the user is not known to Orders");
            }
        }

        (await OrderIdsAsync()).Except(before).Should().BeEquivalentTo(placed);
        var events = await _host.InScopeAsync<OrdersDbContext, List<string>>(db => db.Set<OutboxMessage>().Select(m => m.Key).ToListAsync());
        events.Should().Contain(placed.Select(id => id.ToString())).And.HaveCount(before.Count + placed.Count);
    }

    [Fact]
    public async Task When_a_group_fails_to_commit_none_of_its_writes_is_acknowledged_or_kept()
    {
        var client = _host.CreateClient();
        var user = await client.CreateUserAsync();
        await client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 1.00m);
        var before = await OrderIdsAsync();

        // The first write of the group leaves a foreign key broken, checked only at the commit: the
        // commit fails, as it would on a full disk, after the other writes have done their part.
        var responses = await InOneGroupAsync<OrdersDbContext>("orders.db", 10,
            () => Enumerable.Range(0, 10).Select(_ => client.PostAsJsonAsync("/orders", new { userId = user.Id, product = "Pen", quantity = 1, totalPrice = 2.00m })),
            async db =>
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA defer_foreign_keys = ON");
                db.Orders.Add(Order.Place(Guid.NewGuid(), "Ghost", 1, 1.00m, "EUR", DateTimeOffset.UtcNow));
                await db.SaveChangesAsync();
            },
            expectCommitFailure: true);

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.ServiceUnavailable, "each may retry: nothing of theirs was written");
        (await OrderIdsAsync()).Should().BeEquivalentTo(before);

        // The next group is a fresh one.
        (await client.PostAsJsonAsync("/orders", new { userId = user.Id, product = "Pen", quantity = 1, totalPrice = 2.00m }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_lone_write_commits_at_once()
    {
        var client = _host.CreateClient();
        await client.CreateUserAsync();
        var groupCommit = QueuedWritesDbContext.GroupCommitOf(Path.Combine(_host.DataDirectory, "users.db"))!;
        var commits = groupCommit.Commits;

        var user = await client.CreateUserAsync();

        groupCommit.Commits.Should().BeGreaterThan(commits, "nobody else was waiting: its commit did not wait for company");
        (await client.GetAsync($"/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>
    /// Holds the file's turn (running <paramref name="first"/>, if any, as the group's first write)
    /// until <paramref name="count"/> requests wait for it, so they all join its group; returns their answers.
    /// </summary>
    private async Task<HttpResponseMessage[]> InOneGroupAsync<TContext>(
        string file, int count, Func<IEnumerable<Task<HttpResponseMessage>>> send, Func<TContext, Task>? first = null, bool expectCommitFailure = false)
        where TContext : QueuedWritesDbContext
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holder = db.WriteAsync(async _ =>
        {
            if (first is not null)
            {
                await first(db);
            }

            holding.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None);
        await holding.Task;
        var groupCommit = QueuedWritesDbContext.GroupCommitOf(Path.Combine(_host.DataDirectory, file))!;

        var requests = send().ToList();
        await Eventually.True(() => groupCommit.Waiting >= count, $"{count} writes waiting for their turn");
        release.SetResult();
        var responses = await Task.WhenAll(requests);

        if (expectCommitFailure)
        {
            await holder.Invoking(h => h).Should().ThrowAsync<GroupCommitFailedException>();
        }
        else
        {
            await holder;
            // Refused requests rolled back to their savepoints: the commit carried the held turn and the
            // accepted ones, but perhaps one: a write of the host's own (the relay's lease) may have counted
            // as waiting, so that the turn was released before the last request queued.
            groupCommit.LargestGroup.Should().BeGreaterThanOrEqualTo(responses.Count(r => r.IsSuccessStatusCode), "the accepted requests committed together");
        }

        return responses;
    }

    private Task<List<Guid>> OrderIdsAsync() =>
        _host.InScopeAsync<OrdersDbContext, List<Guid>>(db => db.Orders.Select(o => o.Id).ToListAsync());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
