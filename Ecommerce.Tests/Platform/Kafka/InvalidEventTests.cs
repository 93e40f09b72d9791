using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Messaging;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// The consumers hold every event to the rules the API holds the request behind it to. Anyone who can
/// write to a topic could forge a record; one that breaks those rules changes nothing and goes to the
/// dead-letter topic at its first attempt, with the broken rules in its error, and the partition moves on.
/// </summary>
public sealed class InvalidEventTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker)
{
    private const string OrderCreatedType = Events.OrderCreatedV1Type;

    [Fact]
    public async Task A_forged_UserCreated_with_an_empty_email_changes_nothing_and_is_dead_lettered_at_once()
    {
        using var metrics = new MetricsProbe(Host.Services);
        var forged = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();

        await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.UsersTopic, partition: 0, forged.ToString(),
            $$"""{"eventId":"{{eventId}}","userId":"{{forged}}","name":"Mallory","email":"","occurredAt":"2026-11-27T10:00:00+00:00"}""",
            (CloudEventHeaders.Type, Events.UserCreatedType), (CloudEventHeaders.Id, eventId.ToString()));
        var behind = await Events.ProduceUserCreatedAsync(Host.BootstrapServers, Host.UsersTopic, partition: 0);

        await Client.CreateOrderOnceUserIsKnownAsync(behind);
        var deadLetter = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersDeadLetterTopic).SingleOrDefault(r => r.Key == forged.ToString())),
            r => r is not null, "the forged UserCreated to be dead-lettered");
        deadLetter!.Header(DeadLetterHeaders.Error).Should().Contain("InvalidEventException").And.Contain("'Email' must not be empty");
        deadLetter.Header(DeadLetterHeaders.Attempts).Should().Be("1", "an invalid event fails the same way every time");
        deadLetter.Header(CloudEventHeaders.Id).Should().Be(eventId.ToString());
        (await KnownToOrdersAsync(forged)).Should().BeFalse("the forged user was never learnt");
        (await InboxHoldsAsync(eventId)).Should().BeFalse("a refused event is not recorded as handled, so a corrected replay applies");
        metrics.Sum("ecommerce.consumer.retried", "Orders").Should().Be(0);
    }

    [Theory]
    [InlineData(1, "-5.00", "'Total Price' must be between 0 and 1000000000")]
    [InlineData(0, "5.00", "'Quantity' must be between 1 and 10000")]
    [InlineData(1, "5.001", "'Total Price' must have at most 2 decimal places")]
    public async Task A_forged_OrderCreated_the_API_would_refuse_changes_nothing_and_is_dead_lettered_at_once(int quantity, string totalPrice, string error)
    {
        using var metrics = new MetricsProbe(Host.Services);
        var (user, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);
        var forged = Guid.CreateVersion7();

        // On every partition ahead of the next real order, so whichever it lands on has the forgery before it.
        for (var partition = 0; partition < 4; partition++)
        {
            await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition, forged.ToString(),
                $$"""{"eventId":"{{Guid.CreateVersion7()}}","orderId":"{{forged}}","userId":"{{user.Id}}","product":"Forged","quantity":{{quantity}},"totalPrice":{{totalPrice}},"occurredAt":"2026-11-27T10:00:00+00:00"}""",
                (CloudEventHeaders.Type, OrderCreatedType));
        }

        await Client.CreateOrderAsync(user.Id, totalPrice: 7.00m);

        var summary = await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        summary.TotalSpent.Should().Be(12.00m, "none of the forged orders was counted");
        var deadLetters = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersDeadLetterTopic).Where(r => r.Key == forged.ToString()).ToList()),
            r => r.Count == 4, "the four forged OrderCreated to be dead-lettered");
        deadLetters.Should().AllSatisfy(r =>
        {
            r.Header(DeadLetterHeaders.Error).Should().Contain("InvalidEventException").And.Contain(error);
            r.Header(DeadLetterHeaders.Attempts).Should().Be("1");
        });
        metrics.Sum("ecommerce.consumer.retried", "Users").Should().Be(0, "an invalid event is not retried");
        (await Client.GetUserAsync(user.Id)).Orders.Count.Should().Be(2);
    }

    private Task<bool> KnownToOrdersAsync(Guid userId) =>
        Host.InScopeAsync<OrdersDbContext, bool>(db => db.KnownUsers.AnyAsync(u => u.UserId == userId));

    private Task<bool> InboxHoldsAsync(Guid eventId) =>
        Host.InScopeAsync<OrdersDbContext, bool>(db => db.Set<Ecommerce.Platform.Messaging.Inbox.InboxMessage>().AnyAsync(m => m.EventId == eventId));
}
