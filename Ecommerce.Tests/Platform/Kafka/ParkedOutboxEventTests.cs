using System.Text.Json;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// An outbox event the broker refuses as it is (here: over the producer's 1 MB message limit) is tried
/// a bounded number of times, then parked, visibly; the events behind it flow, and none is sent twice.
/// </summary>
public sealed class ParkedOutboxEventTests(EmbeddedKafkaBroker broker)
    : KafkaHostTests(broker, new KafkaTestHost(broker) { Settings = { ["Outbox:MaxAttempts"] = "3" } })
{
    [Fact]
    public async Task An_event_the_broker_refuses_is_parked_while_the_events_behind_it_flow_and_none_is_sent_twice()
    {
        using var metrics = new MetricsProbe(Host.Services);
        var poisonKey = Guid.CreateVersion7().ToString();
        var poison = InsertOversizedEvent(poisonKey);

        var users = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            users.Add((await Client.CreateUserAsync()).Id);
        }

        var parked = await Eventually.Async(ReadinessAsync, r => r.GetProperty("outbox:users").GetProperty("data").GetProperty("parked").GetInt32() == 1,
            "the refused event to be parked");
        parked.GetProperty("outbox:users").GetProperty("status").GetString().Should().Be("Degraded");
        parked.GetProperty("outbox:users").GetProperty("description").GetString().Should().Contain($"event {poison}").And.Contain("MsgSizeTooLarge");
        await Eventually.True(() => metrics.Sum("ecommerce.outbox.rejected", "Users") >= 3, "the refusals to be counted");
        metrics.Sum("ecommerce.outbox.rejected", "Users").Should().Be(3, "it was tried Outbox:MaxAttempts times, no more");

        var records = await Eventually.Async(
            () => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic)),
            r => users.All(u => r.Any(record => record.Key == u.ToString())), "every event behind the refused one on the topic");
        records.GroupBy(r => r.Header(CloudEventHeaders.Id)).Should().OnlyContain(g => g.Count() == 1, "no event is sent twice");
        records.Should().NotContain(r => r.Key == poisonKey);
        var row = await Host.InScopeAsync<UsersDbContext, OutboxMessage?>(db => Task.FromResult(db.Set<OutboxMessage>().SingleOrDefault(m => m.Sequence == poison)));
        row!.ParkedAt.Should().NotBeNull();
        row.Attempts.Should().Be(3);
        row.LastError.Should().Contain("MsgSizeTooLarge");
    }

    [Fact]
    public async Task The_operator_can_retry_or_skip_a_parked_event_and_its_aggregate_waits_until_then()
    {
        var key = Guid.CreateVersion7().ToString();
        var poison = InsertOversizedEvent(key);
        var behind = InsertEvent(key, """{"note":"the same aggregate's next event"}""");
        await Eventually.Async(ReadinessAsync, r => r.GetProperty("outbox:users").GetProperty("data").GetProperty("parked").GetInt32() == 1, "the event to be parked");
        var user = await Client.CreateUserAsync(); // another aggregate flows
        await Eventually.True(() => KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).Any(r => r.Key == user.Id.ToString()), "other aggregates to flow");
        KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).Should().NotContain(r => r.Key == key, "the parked event's aggregate waits behind it");

        (await RedriveTests.RunCommandAsync(Host, "retry", "--module", "Users", "--sequence", poison.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Contain("1 parked event(s) of Users given back to the relay");
        await Eventually.True(async () => (await ParkedRowAsync(poison))?.Attempts == 3, "the retried event to be refused and parked again");

        (await RedriveTests.RunCommandAsync(Host, "skip", "--module", "Users", "--sequence", poison.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Contain("1 parked event(s) of Users skipped");
        var flowed = await Eventually.Async(() => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).Where(r => r.Key == key).ToList()),
            records => records.Count == 1, "the aggregate's next event to flow once the parked one is skipped");
        flowed.Single().Value.Should().Contain("the same aggregate's next event");
        (await ParkedRowAsync(behind))!.DispatchedAt.Should().NotBeNull();
        await Eventually.Async(ReadinessAsync, r => r.GetProperty("outbox:users").GetProperty("data").GetProperty("parked").GetInt32() == 0, "readiness to clear");
    }

    private Task<OutboxMessage?> ParkedRowAsync(long sequence) =>
        Host.InScopeAsync<UsersDbContext, OutboxMessage?>(db => Task.FromResult(db.Set<OutboxMessage>().AsNoTracking().SingleOrDefault(m => m.Sequence == sequence)));

    /// <summary>An event over the producer's message limit, written as a module would (a bug producing a huge event).</summary>
    private long InsertOversizedEvent(string key) => InsertEvent(key, $"{{\"padding\":\"{new string('x', 1_500_000)}\"}}");

    private long InsertEvent(string key, string payload)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Host.DataDirectory, "users.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO outbox_messages (EventId, Type, Key, Payload, OccurredAt, Attempts) VALUES ($id, $type, $key, $payload, $at, 0);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$id", Guid.CreateVersion7().ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$type", Events.UserCreatedType);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    private async Task<JsonElement> ReadinessAsync()
    {
        using var body = JsonDocument.Parse(await (await Client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").Clone();
    }
}
