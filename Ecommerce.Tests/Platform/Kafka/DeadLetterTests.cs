using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

public sealed class DeadLetterTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker)
{
    private const string OrderCreatedType = Events.OrderCreatedV1Type;

    [Fact]
    public async Task Unreadable_records_go_to_the_dead_letter_topic_with_the_error_and_later_records_are_still_consumed()
    {
        var (user, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);

        // One of each kind on every partition, so whichever partition the next order lands on has poison ahead of it.
        for (var partition = 0; partition < 4; partition++)
        {
            await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition, "k", "{not json", (CloudEventHeaders.Type, OrderCreatedType));
            await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition, "k", """{"eventId":"6a0b1c2d-0000-7000-8000-000000000000"}""", (CloudEventHeaders.Type, OrderCreatedType));
            await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition, null, """{"hello":"world"}""");
        }

        await Client.CreateOrderAsync(user.Id, totalPrice: 7.00m);

        var summary = await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        summary.TotalSpent.Should().Be(12.00m);
        var deadLetters = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersDeadLetterTopic)),
            records => records.Count == 12, "the twelve poison records to be dead-lettered");
        deadLetters.Should().AllSatisfy(r =>
        {
            r.Header(DeadLetterHeaders.Error).Should().NotBeNullOrWhiteSpace();
            r.Header(DeadLetterHeaders.Topic).Should().Be(Host.OrdersTopic);
            r.Header(DeadLetterHeaders.ConsumerGroup).Should().Be($"{Host.Name}-users");
        });
        deadLetters.Where(r => r.Value == "{not json").Should().HaveCount(4)
            .And.AllSatisfy(r => r.Header(CloudEventHeaders.Type).Should().Be(OrderCreatedType, "the original headers are kept"));
        deadLetters.Where(r => r.Value.Contains("eventId", StringComparison.Ordinal)).Should().HaveCount(4)
            .And.AllSatisfy(r => r.Header(DeadLetterHeaders.Error).Should().Contain("orderId"));
        deadLetters.Where(r => r.Value.Contains("hello", StringComparison.Ordinal)).Should().HaveCount(4)
            .And.AllSatisfy(r => r.Header(DeadLetterHeaders.Error).Should().Contain(CloudEventHeaders.Type));
    }

    [Fact]
    public async Task A_record_whose_consumer_keeps_failing_is_retried_then_dead_lettered_and_later_records_are_still_consumed()
    {
        using var metrics = new MetricsProbe(Host.Services);
        var (user, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);
        var (spender, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);
        // A total just under what its column holds (whole cents in a 64-bit integer): any further order overflows it.
        await Host.InScopeAsync<UsersDbContext, int>(async db =>
        {
            (await db.OrderSummaries.SingleAsync(s => s.UserId == spender.Id)).OrderPlaced(92_233_720_368_547_000m, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        var orderId = Guid.CreateVersion7();

        // A valid order, but the spender's summary cannot hold it: applying it fails every time.
        await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition: 0, orderId.ToString(),
            $$"""{"eventId":"{{Guid.CreateVersion7()}}","orderId":"{{orderId}}","userId":"{{spender.Id}}","product":"Galaxy","quantity":1,"totalPrice":1000000,"occurredAt":"2026-11-25T10:00:00+00:00"}""",
            (CloudEventHeaders.Type, OrderCreatedType));
        await Client.CreateOrderAsync(user.Id, totalPrice: 7.00m);

        var summary = await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        summary.TotalSpent.Should().Be(12.00m);
        var deadLetter = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersDeadLetterTopic).SingleOrDefault(r => r.Key == orderId.ToString())),
            r => r is not null, "the failing record to be dead-lettered");
        (await Client.GetUserAsync(spender.Id)).Orders.Count.Should().Be(2, "the failing order was never applied, not even in part");
        deadLetter!.Header(DeadLetterHeaders.Attempts).Should().Be("3");
        deadLetter.Header(DeadLetterHeaders.Error).Should().Contain("DbUpdateException", "the summary could not be saved");
        metrics.Sum("ecommerce.consumer.retried", "Users").Should().Be(2);
        metrics.Sum("ecommerce.consumer.dead_lettered", "Users").Should().Be(1);
    }

    [Fact]
    public async Task A_dead_letter_too_large_for_the_broker_still_goes_out_with_its_headers_and_the_start_of_its_value()
    {
        var (user, _) = await Client.CreateUserWithOneOrderAsync(totalPrice: 5.00m);
        // Just under the broker's limit itself; its copy, with the dead-letter headers added, is over it.
        var value = new string('x', 999_800);

        await KafkaTopic.ProduceAsync(Host.BootstrapServers, Host.OrdersTopic, partition: 0, "huge", value, (CloudEventHeaders.Type, OrderCreatedType));
        await Client.CreateOrderAsync(user.Id, totalPrice: 7.00m);

        await Client.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        var deadLetter = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersDeadLetterTopic).SingleOrDefault(r => r.Key == "huge")),
            r => r is not null, "the huge record's dead letter");
        deadLetter!.Header(DeadLetterHeaders.ValueTruncatedFrom).Should().Be("999800");
        deadLetter.Value.Length.Should().Be(DeadLetterPublisher.TruncatedValueBytes);
        deadLetter.Header(DeadLetterHeaders.Error).Should().Contain("MaxRecordBytes");
        deadLetter.Header(CloudEventHeaders.Type).Should().Be(OrderCreatedType);
    }
}
