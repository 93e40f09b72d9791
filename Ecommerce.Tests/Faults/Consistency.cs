using Ecommerce.Benchmark;
using Ecommerce.Platform.Messaging;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Faults;

/// <summary>What a fault left behind, checked against the databases and the topics once the pipeline has settled.</summary>
internal sealed record Consistency(
    int LostWrites, int UsersWithoutEvent, int OrdersWithoutEvent, int CancelsWithoutEvent,
    int UsersUnknownToOrders, int WrongSummaries, int UsersChecked, int OrdersChecked, string? Unsettled = null)
{
    public static async Task<Consistency> CheckAsync(DataView host, string bootstrapServers, Workload workload)
    {
        // Settled: nothing waits in the outboxes, and every event on the topics has been applied.
        await HostUnderTest.WaitUntilAsync(() => host.PendingEvents("users") == 0 && host.PendingEvents("orders") == 0,
            TimeSpan.FromMinutes(2), "the outboxes to drain");
        var users = host.Column("users", "SELECT \"Id\" FROM users").Select(Guid.Parse).ToHashSet();
        var orders = host.Column("orders", "SELECT \"Id\" || ' ' || \"UserId\" || ' ' || \"Status\" || ' ' || \"TotalPriceCents\" FROM orders")
            .Select(row => row.Split(' ')).Select(r => (Id: Guid.Parse(r[0]), User: Guid.Parse(r[1]), Cancelled: r[2] == "Cancelled", Cents: long.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var expected = orders.Where(o => !o.Cancelled).GroupBy(o => o.User).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Cents: g.Sum(o => o.Cents)));
        string? unsettled = null;
        try
        {
            // Users whose every order was cancelled count too: their summaries settle at zero, and a wait
            // that left them out could stop while an OrderCancelled of theirs was still on its way.
            await HostUnderTest.WaitUntilAsync(() => Summaries(host) is var seen
                    && seen.Count(s => Matches(s, expected)) == expected.Count
                    && !seen.Any(s => !expected.ContainsKey(s.User) && s.Count != 0)
                    && host.Scalar("orders", "SELECT COUNT(*) FROM known_users") >= users.Count,
                TimeSpan.FromMinutes(2), "the consumers to apply every event");
        }
        catch (TimeoutException e)
        {
            var seen = Summaries(host);
            var mismatches = expected.Where(x => !seen.Any(s => s.User == x.Key && Matches(s, expected)))
                .Select(x => $"{x.Key}: expected {x.Value.Count}/{x.Value.Cents}, found {string.Join(",", seen.Where(s => s.User == x.Key).Select(s => $"{s.Count}/{s.Cents}"))}")
                .ToList();
            unsettled = $"{e.Message} Known users {host.Scalar("orders", "SELECT COUNT(*) FROM known_users")} of {users.Count}; " +
                $"summaries wrong: {string.Join("; ", mismatches.Take(5))} ({mismatches.Count} in all); inbox rows users {host.AppliedEvents("users")}, orders {host.AppliedEvents("orders")}.";
        }

        var lost = workload.Users.Keys.Count(u => !users.Contains(u))
            + workload.Orders.Keys.Count(o => orders.All(row => row.Id != o))
            + workload.Cancelled.Keys.Count(c => !orders.Any(row => row.Id == c && row.Cancelled));
        var userEvents = KafkaTopic.ReadAll(bootstrapServers, "ecommerce.users").Select(r => Guid.Parse(r.Key!)).ToHashSet();
        var orderEvents = KafkaTopic.ReadAll(bootstrapServers, "ecommerce.orders")
            .Select(r => (Order: Guid.Parse(r.Key!), Type: r.Header(CloudEventHeaders.Type)!)).ToHashSet();
        var known = host.Column("orders", "SELECT \"UserId\" FROM known_users").Select(Guid.Parse).ToHashSet();
        var summaries = Summaries(host);
        var wrong = expected.Count(e => !summaries.Any(s => s.User == e.Key && Matches(s, expected)))
            + summaries.Count(s => !expected.ContainsKey(s.User) && s.Count != 0);
        if (wrong > 0)
        {
            // Which of a wrong summary's events were applied (have an inbox row) tells a skipped event from a lost update.
            var records = KafkaTopic.ReadAll(bootstrapServers, "ecommerce.orders");
            var inbox = host.Column("users", "SELECT \"EventId\" FROM inbox_messages").Select(Guid.Parse).ToHashSet();
            var deadLetters = KafkaTopic.ReadAll(bootstrapServers, "ecommerce.orders.dead-letter");
            unsettled += $" Dead letters: {deadLetters.Count} ({string.Join(" / ", deadLetters.Select(d => d.Header("dead-letter-error")).Distinct().Take(3))}).";
            foreach (var user in expected.Keys.Where(u => !summaries.Any(s => s.User == u && Matches(s, expected))).Take(3))
            {
                var events = records.Where(r => r.Value.Contains(user.ToString(), StringComparison.OrdinalIgnoreCase)).DistinctBy(r => r.Header(CloudEventHeaders.Id)).ToList();
                unsettled += $" User {user}: {events.Count} events on the topic, {events.Count(e => inbox.Contains(Guid.Parse(e.Header(CloudEventHeaders.Id)!)))} in the inbox.";
                unsettled += " missing: " + string.Join(",", events.Where(e => !inbox.Contains(Guid.Parse(e.Header(CloudEventHeaders.Id)!))).Select(e => $"p{e.Partition}@{e.Offset} {Events.NameOf(e.Header(CloudEventHeaders.Type)!)} {e.Header(CloudEventHeaders.Time)}"));
            }
        }
        return new Consistency(
            lost,
            users.Count(u => !userEvents.Contains(u)),
            orders.Count(o => !orderEvents.Contains((o.Id, Events.OrderCreatedType))),
            orders.Count(o => o.Cancelled && !orderEvents.Contains((o.Id, Events.OrderCancelledType))),
            users.Count(u => !known.Contains(u)),
            wrong,
            users.Count,
            orders.Count,
            unsettled);
    }

    public void ShouldBeClean()
    {
        LostWrites.Should().Be(0, "every acknowledged write is in its database");
        UsersWithoutEvent.Should().Be(0, "every user has its UserCreated on Kafka");
        OrdersWithoutEvent.Should().Be(0, "every order has its OrderCreated on Kafka");
        CancelsWithoutEvent.Should().Be(0, "every cancelled order has its OrderCancelled on Kafka");
        UsersUnknownToOrders.Should().Be(0, "Orders learnt of every user");
        WrongSummaries.Should().Be(0, "each summary counts each of its user's orders exactly once ({0})", Unsettled);
        Unsettled.Should().BeNull("the consumers apply every event");
    }

    private static List<(Guid User, long Count, long Cents)> Summaries(DataView host) =>
        host.Column("users", "SELECT \"UserId\" || ' ' || \"OrderCount\" || ' ' || \"TotalSpentCents\" FROM order_summaries")
            .Select(row => row.Split(' '))
            .Select(r => (Guid.Parse(r[0]), long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private static bool Matches((Guid User, long Count, long Cents) summary, Dictionary<Guid, (long Count, long Cents)> expected) =>
        expected.TryGetValue(summary.User, out var e) && e.Count == summary.Count && e.Cents == summary.Cents;
}
