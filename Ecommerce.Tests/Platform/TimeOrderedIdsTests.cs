using Ecommerce.Platform;

namespace Ecommerce.Tests.Platform;

public sealed class TimeOrderedIdsTests
{
    [Fact]
    public void Ids_created_within_one_millisecond_sort_in_creation_order()
    {
        var now = DateTimeOffset.UtcNow.AddDays(1); // ahead of any id this process made already
        var ids = Enumerable.Range(0, 5000).Select(_ => TimeOrderedIds.New(now)).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Select(id => id.Version).Should().AllBeEquivalentTo(7);
        ids.Select(id => id.ToString()).Should().BeInAscendingOrder(StringComparer.Ordinal, "SQLite compares them as text");
        ids.Should().BeInAscendingOrder();
    }
}
