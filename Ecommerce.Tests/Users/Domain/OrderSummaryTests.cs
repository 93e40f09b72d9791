using Ecommerce.Modules.Users.OrderSummaries;

namespace Ecommerce.Tests.Users.Domain;

public sealed class OrderSummaryTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_placed_order_adds_one_to_the_count_and_its_total_to_the_sum_exactly()
    {
        var summary = new OrderSummary { UserId = Guid.NewGuid() };

        summary.OrderPlaced(0.10m, Monday);
        summary.OrderPlaced(0.20m, Monday.AddHours(1));

        summary.OrderCount.Should().Be(2);
        summary.TotalSpent.Should().Be(0.30m);
        summary.LastOrderAt.Should().Be(Monday.AddHours(1));
    }

    [Fact]
    public void The_last_order_time_is_the_latest_placement_whatever_the_order_events_arrive_in()
    {
        var summary = new OrderSummary { UserId = Guid.NewGuid() };

        summary.OrderPlaced(1m, Monday.AddDays(2));
        summary.OrderPlaced(1m, Monday);

        summary.LastOrderAt.Should().Be(Monday.AddDays(2));
    }

    [Fact]
    public void A_cancelled_order_leaves_the_count_and_the_sum_but_not_the_last_order_time()
    {
        var summary = new OrderSummary { UserId = Guid.NewGuid() };
        summary.OrderPlaced(49.90m, Monday);
        summary.OrderPlaced(10.05m, Monday.AddHours(1));

        summary.OrderCancelled(10.05m);

        summary.OrderCount.Should().Be(1);
        summary.TotalSpent.Should().Be(49.90m);
        summary.LastOrderAt.Should().Be(Monday.AddHours(1));
    }
}
