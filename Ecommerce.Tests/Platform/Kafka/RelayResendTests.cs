using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Platform.Messaging;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Platform.Kafka;

public sealed class RelayResendTests(EmbeddedKafkaBroker broker) : IClassFixture<EmbeddedKafkaBroker>
{
    [Fact]
    public async Task Events_sent_but_not_marked_before_a_crash_are_sent_again_after_restart_and_consumers_ignore_the_duplicates()
    {
        var dataDirectory = TestHost.NewDataDirectory();
        var first = new KafkaTestHost(broker) { DataDirectory = dataDirectory };
        var client = first.CreateClient();
        var (user, order) = await client.CreateUserWithOneOrderAsync(totalPrice: 30.00m);
        await first.DisposeAsync();

        // A crash after the broker's ack and before the relay marks the rows leaves them pending, as here.
        var replayed = MarkEverythingPending(dataDirectory, "users.db") + MarkEverythingPending(dataDirectory, "orders.db");
        replayed.Should().Be(2);

        var restarted = new KafkaTestHost(broker, first.Name) { DataDirectory = dataDirectory };
        try
        {
            await ConsumersIgnoreTheReplayAsync(restarted, user.Id, order.Id);
        }
        finally
        {
            await restarted.DisposeAsync();
            TempFolders.Delete(dataDirectory);
        }
    }

    private static async Task ConsumersIgnoreTheReplayAsync(KafkaTestHost restarted, Guid userId, Guid orderId)
    {
        using var metrics = new MetricsProbe(restarted);
        var client = restarted.CreateClient();

        await Eventually.True(
            () => metrics.Sum("ecommerce.consumer.processed", "Orders") >= 1 && metrics.Sum("ecommerce.consumer.processed", "Users") >= 1,
            "both modules to consume the re-sent events");
        (await restarted.InScopeAsync<OrdersDbContext, int>(db => db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null))).Should().Be(0);
        KafkaTopic.ReadAll(restarted.BootstrapServers, restarted.OrdersTopic)
            .Count(r => r.Key == orderId.ToString()).Should().Be(2, "the OrderCreated was sent twice");
        var summary = (await client.GetUserAsync(userId)).Orders;
        summary.Count.Should().Be(1);
        summary.TotalSpent.Should().Be(30.00m);
        (await restarted.InScopeAsync<UsersDbContext, int>(db => db.Set<InboxMessage>().CountAsync())).Should().Be(1);
        (await restarted.InScopeAsync<OrdersDbContext, int>(db => db.Set<InboxMessage>().CountAsync())).Should().Be(1);
        (await restarted.InScopeAsync<OrdersDbContext, int>(db => db.KnownUsers.CountAsync())).Should().Be(1);
    }

    private static int MarkEverythingPending(string dataDirectory, string file)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, file)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE outbox_messages SET DispatchedAt = NULL";
        return command.ExecuteNonQuery();
    }
}
