using System.Net;
using Ecommerce.Benchmark;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Faults;

[Collection(FaultSuite.Name)]
public sealed class PoisonRecordsTests(ITestOutputHelper output)
{
    private const string OrderCreatedType = Events.OrderCreatedV1Type;

    [Fact]
    public async Task Poison_and_oversized_records_are_dead_lettered_and_the_records_after_them_are_still_applied()
    {
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        await using var host = await FaultSuite.StartHostAsync(bootstrap, FaultSuite.NewDataDirectory(), FaultSuite.FreePort());
        var user = await host.Client.CreateUserAsync();
        await HostUnderTest.WaitUntilAsync(() => host.IsKnownToOrders(user.Id), TimeSpan.FromSeconds(60), "Orders to know the user");

        var poison = 0;
        for (var partition = 0; partition < 4; partition++)
        {
            await KafkaTopic.ProduceAsync(bootstrap, "ecommerce.orders", partition, "k", "\u0000\u0001garbage", (CloudEventHeaders.Type, OrderCreatedType));
            await KafkaTopic.ProduceAsync(bootstrap, "ecommerce.orders", partition, "k", """{"eventId":42,"orderId":"x","totalPrice":"lots"}""", (CloudEventHeaders.Type, OrderCreatedType));
            await KafkaTopic.ProduceAsync(bootstrap, "ecommerce.orders", partition, "k", new string('x', 300 * 1024), (CloudEventHeaders.Type, OrderCreatedType));
            poison += 3;
        }

        (await host.Client.PostAsync("/orders", System.Net.Http.Json.JsonContent.Create(new { userId = user.Id, product = "After", quantity = 1, totalPrice = 9.99m })))
            .StatusCode.Should().Be(HttpStatusCode.Created);

        await HostUnderTest.WaitUntilAsync(() => host.SummaryOrderCount(user.Id) == 1, TimeSpan.FromSeconds(60), "the order after the poison to be applied");
        var deadLetters = await Eventually.Async(() => Task.FromResult(KafkaTopic.ReadAll(bootstrap, "ecommerce.orders.dead-letter")),
            records => records.Count == poison, "every poison record to be dead-lettered");
        output.WriteLine($"| poison and oversized records | {poison} records (garbage, wrong types, 300 KB) | 1 valid order after them, applied | dead-lettered {deadLetters.Count} | lost 0 | 5xx 0 |");
        deadLetters.Should().AllSatisfy(r => r.Header(DeadLetterHeaders.Error).Should().NotBeNullOrEmpty());
        deadLetters.Count(r => r.Header(DeadLetterHeaders.Error)!.Contains("MaxRecordBytes", StringComparison.Ordinal)).Should().Be(4);
    }
}
