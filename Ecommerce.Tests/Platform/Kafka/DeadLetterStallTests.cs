using System.Text.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// A dead letter that cannot be published (here: its topic missing) stalls only the partition of its
/// record, visibly; the other partitions keep flowing, and the stalled one resumes once it goes out.
/// </summary>
public sealed class DeadLetterStallTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker, new KafkaTestHost(broker)
{
    // The dead-letter publish gives up quickly, so the stall and its retries happen in test time.
    Settings = { ["Kafka:Producer:MessageTimeoutMs"] = "1500", ["Kafka:Consumer:MaxRetryDelay"] = "00:00:01" },
})
{
    private const int UnknownTopicOrPartition = 3;

    [Fact]
    public async Task A_dead_letter_that_cannot_be_published_stalls_only_its_own_partition()
    {
        await Client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);
        Broker.SetTopicError(Host.UsersDeadLetterTopic, UnknownTopicOrPartition);

        await Events.ProduceGarbageAsync(Host.BootstrapServers, Host.UsersTopic, partition: 0);
        var stalled = await Eventually.Async(ReadinessAsync, r => Description(r, "consumer:orders")?.Contains("stalled", StringComparison.Ordinal) == true,
            "readiness to show the stalled partition");
        Description(stalled, "consumer:orders").Should().Contain($"{Host.UsersTopic}[0]");
        var behindThePoison = await Events.ProduceUserCreatedAsync(Host.BootstrapServers, Host.UsersTopic, partition: 0);
        var elsewhere = new List<Guid>();
        for (var partition = 1; partition < 4; partition++)
        {
            elsewhere.Add(await Events.ProduceUserCreatedAsync(Host.BootstrapServers, Host.UsersTopic, partition));
        }

        await Eventually.Async(() => KnownAsync(elsewhere), known => known == elsewhere.Count, "the other partitions to flow");
        (await KnownAsync([behindThePoison])).Should().Be(0, "its partition waits behind the record whose dead letter has not gone out");

        Broker.SetTopicError(Host.UsersDeadLetterTopic, 0);

        await Eventually.Async(() => KnownAsync([behindThePoison]), known => known == 1, "the stalled partition to flow once the dead letter goes out");
        var deadLetters = await Eventually.Async(() => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersDeadLetterTopic)),
            records => records.Count > 0, "the dead letter to go out");
        deadLetters.Should().ContainSingle().Which.Header(DeadLetterHeaders.Error).Should().Contain($"not a valid {Events.UserCreatedType}");
        await Eventually.Async(ReadinessAsync, r => Description(r, "consumer:orders") == "consuming", "readiness to recover");
    }

    private Task<int> KnownAsync(List<Guid> users) =>
        Host.InScopeAsync<OrdersDbContext, int>(db => db.KnownUsers.CountAsync(u => users.Contains(u.UserId)));

    private async Task<JsonElement> ReadinessAsync()
    {
        // 200 or 503: the body tells either way.
        using var body = JsonDocument.Parse(await (await Client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").Clone();
    }

    private static string? Description(JsonElement checks, string name) =>
        checks.TryGetProperty(name, out var check) ? check.GetProperty("description").GetString() : null;
}
