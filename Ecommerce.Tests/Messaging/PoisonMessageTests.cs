using Ecommerce.Modules.Shared.Messaging;
using Ecommerce.Modules.Shared.Messaging.Kafka;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Messaging;

public sealed class PoisonMessageTests : IClassFixture<EmbeddedKafkaBroker>, IAsyncLifetime
{
    private const string OrderCreatedType = "Ecommerce.Modules.Orders.Contracts.OrderCreated";
    private readonly KafkaTestHost _host;
    private HttpClient _client = null!;

    public PoisonMessageTests(EmbeddedKafkaBroker broker) => _host = new KafkaTestHost(broker);

    public Task InitializeAsync()
    {
        _client = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Unreadable_records_go_to_the_dead_letter_topic_with_the_error_and_later_records_are_still_consumed()
    {
        var user = await _client.CreateUserAsync();
        await _client.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 5.00m);
        await _client.OrderSummaryOnceAsync(user.Id, s => s.Count == 1);

        // One of each kind on every partition, so whichever partition the next order lands on has poison ahead of it.
        for (var partition = 0; partition < 4; partition++)
        {
            await KafkaTopic.ProduceAsync(_host.BootstrapServers, _host.OrdersTopic, partition, "k", "{not json", (CloudEventHeaders.Type, OrderCreatedType));
            await KafkaTopic.ProduceAsync(_host.BootstrapServers, _host.OrdersTopic, partition, "k", """{"eventId":"6a0b1c2d-0000-7000-8000-000000000000"}""", (CloudEventHeaders.Type, OrderCreatedType));
            await KafkaTopic.ProduceAsync(_host.BootstrapServers, _host.OrdersTopic, partition, null, """{"hello":"world"}""");
        }

        await _client.CreateOrderAsync(user.Id, totalPrice: 7.00m);

        var summary = await _client.OrderSummaryOnceAsync(user.Id, s => s.Count == 2);
        summary.TotalSpent.Should().Be(12.00m);
        var deadLetters = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(_host.BootstrapServers, _host.OrdersDeadLetterTopic)),
            records => records.Count == 12, "the twelve poison records to be dead-lettered");
        deadLetters.Should().AllSatisfy(r =>
        {
            r.Header(DeadLetterHeaders.Error).Should().NotBeNullOrWhiteSpace();
            r.Header(DeadLetterHeaders.Topic).Should().Be(_host.OrdersTopic);
            r.Header(DeadLetterHeaders.ConsumerGroup).Should().Be($"{_host.Name}-users");
        });
        deadLetters.Where(r => r.Value == "{not json").Should().HaveCount(4)
            .And.AllSatisfy(r => r.Header(CloudEventHeaders.Type).Should().Be(OrderCreatedType, "the original headers are kept"));
        deadLetters.Where(r => r.Value.Contains("eventId", StringComparison.Ordinal)).Should().HaveCount(4)
            .And.AllSatisfy(r => r.Header(DeadLetterHeaders.Error).Should().Contain("orderId"));
        deadLetters.Where(r => r.Value.Contains("hello", StringComparison.Ordinal)).Should().HaveCount(4)
            .And.AllSatisfy(r => r.Header(DeadLetterHeaders.Error).Should().Contain(CloudEventHeaders.Type));
    }
}
