using Ecommerce.Benchmark;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Tests.Faults;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// Events dead-lettered by a consumer bug are not lost: once the bug is fixed, the operator replays them
/// with the host's <c>dead-letters</c> command, and each is applied once, however often it is replayed.
/// </summary>
public sealed class RedriveTests : KafkaHostTests
{
    private readonly ConsumerBug _bug;

    public RedriveTests(EmbeddedKafkaBroker broker)
        : this(broker, new ConsumerBug())
    {
    }

    private RedriveTests(EmbeddedKafkaBroker broker, ConsumerBug bug)
        : base(broker, new KafkaTestHost(broker) { TestServices = services => services.ConfigureDbContext<OrdersDbContext>(o => o.AddInterceptors(bug)) }) =>
        _bug = bug;

    [Fact]
    public async Task Dead_letters_replayed_after_the_fix_are_applied_once_even_when_replayed_twice()
    {
        using var metrics = new MetricsProbe(Host.Services);
        await Client.CreateUserWithOneOrderAsync(totalPrice: 1.00m);
        _bug.Active = true;
        var users = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await Client.CreateUserAsync()).Id);
        }

        var deadLetters = await Eventually.Async(() => Task.FromResult(KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersDeadLetterTopic)),
            records => records.Count == users.Count, "the events the bug refused to be dead-lettered");
        var eventIds = deadLetters.Select(d => Guid.Parse(d.Header("ce_id")!)).ToList();
        _bug.Active = false; // the fix is deployed
        var applied = metrics.Sum("ecommerce.consumer.processed", "Orders");

        (await RunAsync("list")).Should().Contain($"{users.Count} dead letter(s) on Kafka").And.Contain("a bug in the consumer");
        (await RunAsync("replay", "--all")).Should().Contain($"{users.Count} dead letter(s) replayed");
        (await RunAsync("replay", "--topic", Host.UsersDeadLetterTopic)).Should().Contain($"{users.Count} dead letter(s) replayed");

        await Eventually.True(() => metrics.Sum("ecommerce.consumer.processed", "Orders") >= applied + 2 * users.Count, "both replays to reach the consumers");
        (await Host.InScopeAsync<OrdersDbContext, int>(db => db.KnownUsers.CountAsync(u => users.Contains(u.UserId)))).Should().Be(users.Count);
        (await Host.InScopeAsync<OrdersDbContext, int>(db => db.Set<InboxMessage>().CountAsync(m => eventIds.Contains(m.EventId))))
            .Should().Be(users.Count, "each replayed event is applied once");
        metrics.Sum("ecommerce.consumer.dead_lettered", "Orders").Should().Be(users.Count, "the replays dead-lettered nothing");
    }

    private Task<string> RunAsync(params string[] arguments) => RunCommandAsync(Host, arguments);

    /// <summary>Runs the host's dead-letters command as its own process, as an operator would, with <paramref name="host"/>'s configuration.</summary>
    internal static async Task<string> RunCommandAsync(KafkaTestHost host, params string[] arguments)
    {
        await using var command = ChildProcess.StartDotnet(HostUnderTest.HostDll(Repository.Root(), FaultSuite.Configuration), $"dead-letters {string.Join(' ', arguments)}",
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["Database__DataDirectory"] = host.DataDirectory,
                ["Kafka__BootstrapServers"] = host.BootstrapServers,
                ["Kafka__Topics__users"] = host.UsersTopic,
                ["Kafka__Topics__orders"] = host.OrdersTopic,
                ["Kafka__ConsumerGroupPrefix"] = $"{host.Name}-",
                ["Logging__LogLevel__Default"] = "Warning",
            }.WithTokenSettings());
        var exitCode = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var output = string.Join('\n', command.Output);
        exitCode.Should().Be(0, output);
        return output;
    }

    /// <summary>A bug in the Orders consumer: while active, saving a known user throws, every time.</summary>
    private sealed class ConsumerBug : SaveChangesInterceptor
    {
        public volatile bool Active;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Active && eventData.Context!.ChangeTracker.Entries<KnownUser>().Any(e => e.State == EntityState.Added))
            {
                throw new InvalidOperationException("a bug in the consumer");
            }

            return ValueTask.FromResult(result);
        }
    }
}
