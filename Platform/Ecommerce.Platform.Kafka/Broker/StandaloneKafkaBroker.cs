using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;

namespace Ecommerce.Platform.Kafka.Broker;

/// <summary>
/// The embedded broker as a process of its own, so several hosts (a split deployment, a crash test)
/// can share one broker that outlives them:
/// <c>dotnet run --project Ecommerce.Host -- kafka-broker [--partitions 4] [--topics a,b] [--address-file path]</c>.
/// Lines on its standard input control it: <c>down</c> drops every connection and refuses new ones (an
/// outage), <c>up</c> ends it; <c>create &lt;topic&gt; [partitions]</c> creates a topic;
/// <c>topic-error &lt;topic&gt; &lt;code&gt;</c> makes the broker refuse that topic with a Kafka error code (0 clears it). It lives in memory: stopping it loses every record. For development and
/// tests, never production.
/// </summary>
public static class StandaloneKafkaBroker
{
    public const string Command = "kafka-broker";

    public static async Task RunAsync(string[] args)
    {
        var options = new ConfigurationBuilder().AddCommandLine(args).Build();
        var partitions = options.GetValue("partitions", 4);
        var topics = (options["topics"] ?? "ecommerce.users,ecommerce.orders")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        using var broker = new EmbeddedKafkaBroker();
        foreach (var topic in topics)
        {
            broker.CreateTopic(topic, partitions);
            broker.CreateTopic(topic + ".dead-letter", partitions);
        }

        if (options["address-file"] is { Length: > 0 } addressFile)
        {
            await File.WriteAllTextAsync(addressFile, broker.BootstrapServers);
        }

        Console.WriteLine($"Kafka broker (librdkafka mock cluster, in memory, not durable) at {broker.BootstrapServers}");
        Console.WriteLine($"Topics ({partitions} partitions each): {string.Join(", ", topics)} and their .dead-letter topics");
        // The mock holds every fetch for the full fetch wait, so hosts on it want a short one. It also completes
        // a rebalance only after a session timeout less a second, so hosts that restart or share a group want a short session.
        Console.WriteLine($"Point a host at it: Kafka__BootstrapServers={broker.BootstrapServers} Kafka__Consumer__FetchWaitMaxMs=2 Kafka__Consumer__SessionTimeoutMs=10000 dotnet run --project Ecommerce.Host");
        Console.WriteLine("Type 'down' or 'up' to simulate an outage, 'create <topic> [partitions]', 'topic-error <topic> <code>'; stop it with Ctrl+C.");

        var stopped = new TaskCompletionSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        _ = Task.Run(() => FollowCommands(broker, partitions), CancellationToken.None);
        await stopped.Task;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }

    private static void FollowCommands(EmbeddedKafkaBroker broker, int partitions)
    {
        while (Console.ReadLine() is { } line)
        {
            switch (line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                case ["down"]:
                    broker.TakeDown();
                    Console.WriteLine("broker down");
                    break;
                case ["up"]:
                    broker.BringUp();
                    Console.WriteLine("broker up");
                    break;
                case ["create", var topic, .. var rest]:
                    broker.CreateTopic(topic, rest is [var count] ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : partitions);
                    Console.WriteLine($"created {topic}");
                    break;
                case ["topic-error", var topic, var code]:
                    broker.SetTopicError(topic, int.Parse(code, System.Globalization.CultureInfo.InvariantCulture));
                    Console.WriteLine($"topic-error {topic} {code}");
                    break;
            }
        }
    }
}
