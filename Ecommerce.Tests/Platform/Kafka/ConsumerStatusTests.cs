using Ecommerce.Platform.Kafka.Consuming;

namespace Ecommerce.Tests.Platform.Kafka;

public sealed class ConsumerStatusTests
{
    [Fact]
    public void Unknown_types_are_counted_by_name_the_first_of_each_reported_and_past_twenty_names_counted_together()
    {
        var status = new ConsumerStatus("Users");

        status.UnknownTypeSkipped("ecommerce.orders.order-shipped.v1").Should().Be(("ecommerce.orders.order-shipped.v1", true));
        status.UnknownTypeSkipped("ecommerce.orders.order-shipped.v1").Should().Be(("ecommerce.orders.order-shipped.v1", false));
        for (var i = 0; i < 25; i++)
        {
            status.UnknownTypeSkipped($"forged.type-{i}.v1");
        }

        var counts = status.Read(DateTimeOffset.UtcNow).UnknownTypes;
        counts.Should().HaveCount(ConsumerStatus.MaxUnknownTypes + 1, "anyone can write a type on a topic: the names kept are bounded");
        counts["ecommerce.orders.order-shipped.v1"].Should().Be(2);
        counts[ConsumerStatus.OtherUnknownTypes].Should().Be(6);
        counts.Values.Sum().Should().Be(27);
    }
}
