using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// A batch reads the inbox once for all its events: an event applied by an earlier batch is skipped,
/// and an event a batch carries twice is applied once.
/// </summary>
public sealed class InboxBatchTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker)
{
    [Fact]
    public async Task An_event_applied_before_and_an_event_carried_twice_are_each_applied_once()
    {
        using var metrics = new MetricsProbe(Host.Services);
        var (earlier, earlierUser) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await ProduceUserCreatedAsync(earlier, earlierUser);
        await Eventually.Async(() => InboxRowsAsync(earlier), n => n == 1, "the first UserCreated to be applied");

        // Produced back to back on one partition, so they mostly arrive in one batch.
        var (repeated, repeatedUser) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await ProduceUserCreatedAsync(earlier, earlierUser);
        await ProduceUserCreatedAsync(repeated, repeatedUser);
        await ProduceUserCreatedAsync(repeated, repeatedUser);
        var behind = await Events.ProduceUserCreatedAsync(Host.BootstrapServers, Host.UsersTopic, partition: 0);
        await Client.CreateOrderOnceUserIsKnownAsync(behind);

        (await InboxRowsAsync(earlier)).Should().Be(1);
        (await InboxRowsAsync(repeated)).Should().Be(1);
        (await KnownUsersAsync(earlierUser, repeatedUser)).Should().Be(2);
        metrics.Sum("ecommerce.consumer.retried", "Orders").Should().Be(0, "no copy failed on the inbox's key");
    }

    private Task ProduceUserCreatedAsync(Guid eventId, Guid userId) =>
        KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.UsersTopic, partition: 0, userId.ToString(),
            $$"""{"eventId":"{{eventId}}","userId":"{{userId}}","name":"Copied","email":"copied-{{userId:N}}@example.com","occurredAt":"2026-11-27T10:00:00+00:00"}""",
            (CloudEventHeaders.Type, Events.UserCreatedType), (CloudEventHeaders.Id, eventId.ToString()));

    private Task<int> InboxRowsAsync(Guid eventId) =>
        Host.InScopeAsync<OrdersDbContext, int>(db => db.Set<InboxMessage>().CountAsync(m => m.EventId == eventId));

    private Task<int> KnownUsersAsync(params Guid[] userIds) =>
        Host.InScopeAsync<OrdersDbContext, int>(db => db.KnownUsers.CountAsync(u => userIds.Contains(u.UserId)));
}
