using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Tests.Infrastructure;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ecommerce.Tests.Platform.Messaging;

public sealed class AtomicPublishTests : IAsyncLifetime
{
    private readonly FailingCommit _failingCommit = new();
    private readonly TestHost _host;
    private HttpClient _client = null!;

    public AtomicPublishTests() => _host = new TestHost
    {
        TestServices = services =>
        {
            services.ConfigureDbContext<UsersDbContext>(options => options.AddInterceptors(_failingCommit));
            services.ConfigureDbContext<OrdersDbContext>(options => options.AddInterceptors(_failingCommit));
        },
    };

    public Task InitializeAsync()
    {
        _client = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_failure_after_the_user_is_inserted_but_before_commit_leaves_neither_the_user_nor_its_event()
    {
        var email = Api.UniqueEmail();
        _failingCommit.Armed = true;

        var failed = await _client.PostAsJsonAsync("/users", new { name = "Ada", email });

        failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the commit failed: nothing was written, and the same request may be sent again");
        _failingCommit.Failures.Should().Be(1);
        (await CountAsync<UsersDbContext>()).Should().Be((0, 0));
        _failingCommit.Armed = false;
        var user = await _client.CreateUserAsync(email);
        (await CountAsync<UsersDbContext>()).Should().Be((1, 1));
        await _host.PublishedAsync<UserCreated>(e => e.UserId == user.Id);
        _host.Harness.Published.Select<UserCreated>().Select(m => m.Context.Message.UserId)
            .Should().Equal([user.Id], "the failed attempt published nothing");
    }

    [Fact]
    public async Task A_failure_before_an_order_commits_leaves_neither_the_order_nor_its_event()
    {
        var userId = Guid.CreateVersion7();
        await _host.MakeUserKnownToOrdersAsync(userId);
        _failingCommit.Armed = true;

        var failed = await _client.PostAsJsonAsync("/orders", new { userId, product = "Pen", quantity = 1, totalPrice = 1m });

        failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the commit failed: nothing was written, and the same request may be sent again");
        (await CountAsync<OrdersDbContext>()).Should().Be((0, 0));
    }

    private Task<(int Rows, int Events)> CountAsync<TContext>()
        where TContext : DbContext =>
        _host.InScopeAsync<TContext, (int, int)>(async db => (
            typeof(TContext) == typeof(UsersDbContext)
                ? await ((UsersDbContext)(object)db).Users.CountAsync()
                : await ((OrdersDbContext)(object)db).Orders.CountAsync(),
            await db.Set<OutboxMessage>().CountAsync()));

    /// <summary>Throws as the transaction is about to commit: the state change and its event are both written, not yet committed.</summary>
    private sealed class FailingCommit : DbTransactionInterceptor
    {
        public volatile bool Armed;
        public int Failures;

        public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            FailIfArmed(eventData);
            return result;
        }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            FailIfArmed(eventData);
            return ValueTask.FromResult(result);
        }

        private void FailIfArmed(TransactionEventData eventData)
        {
            if (Armed && eventData.Context!.ChangeTracker.Entries<OutboxMessage>().Any())
            {
                Interlocked.Increment(ref Failures);
                throw new InvalidOperationException("Simulated failure before commit.");
            }
        }
    }
}
