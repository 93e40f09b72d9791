using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Messaging.Outbox;
using Microsoft.Extensions.Options;

namespace Ecommerce.Host;

/// <summary>
/// What an operator does with what the pipeline could not deliver, with the host's own configuration
/// (appsettings, environment variables, and any <c>--Key value</c> after the verb):
/// <code>
/// dead-letters list   [--topic T] [--partition P] [--offset O]      dead letters on Kafka, and parked outbox events
/// dead-letters replay (--all | --topic T [--partition P] [--offset O])   send them again through the consumers
/// dead-letters retry  --module M [--sequence S]                     give parked outbox events back to the relay
/// dead-letters skip   --module M --sequence S                       give up on a parked outbox event
/// </code>
/// A replay keeps each event's id, so replaying twice applies once.
/// </summary>
internal static class DeadLettersCommand
{
    public const string Name = "dead-letters";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var verb, .. var rest] || verb is not ("list" or "replay" or "retry" or "skip"))
        {
            Console.Error.WriteLine("usage: dead-letters list|replay|retry|skip [--topic T] [--partition P] [--offset O] [--all] [--module M] [--sequence S]");
            return 1;
        }

        // A bare --all is a switch; the configuration binder wants a value.
        rest = [.. rest.Select(a => a == "--all" ? "--all=true" : a)];
        try
        {
            await using var app = HostApp.Build(rest);
            app.Services.GetService<IStartupValidator>()?.Validate();
            foreach (var initializer in app.Services.GetServices<Ecommerce.Platform.IModuleInitializer>())
            {
                await initializer.InitializeAsync(CancellationToken.None); // a no-op where the host has run
            }

            var options = app.Configuration;
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            return verb switch
            {
                "list" => await ListAsync(app.Services, options, cancel.Token),
                "replay" => await ReplayAsync(app.Services, options, cancel.Token),
                "retry" => await OnParkedAsync(app.Services, options, (db, sequence, ct) => ParkedEvents.RetryAsync(db, sequence, ct), "given back to the relay", cancel.Token),
                _ => await OnParkedAsync(app.Services, options, (db, sequence, ct) => SkipAsync(db, sequence, ct), "skipped", cancel.Token),
            };
        }
        catch (Exception e) when (ConfigurationErrors.Describe(e) is { } problem)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {problem}");
            return ConfigurationErrors.ExitCode;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or Confluent.Kafka.KafkaException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"dead-letters {verb}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> ListAsync(IServiceProvider services, IConfiguration options, CancellationToken ct)
    {
        if (HasBroker(services))
        {
            var letters = Redrive(services).Read(options["topic"], Int(options, "partition"), Long(options, "offset"));
            Console.WriteLine($"{letters.Count} dead letter(s) on Kafka");
            foreach (var letter in letters)
            {
                Console.WriteLine($"{letter.Position}  from {letter.Origin}  {letter.EventType} {letter.EventId}  key {letter.Key}  attempts {letter.Attempts}{(letter.Truncated ? "  (value truncated)" : "")}");
                Console.WriteLine($"    {letter.Error}");
            }
        }
        else
        {
            Console.WriteLine("Dead letters on Kafka not listed: set Kafka:BootstrapServers (the embedded broker lives inside the running host; its address is in its log)");
        }

        foreach (var module in services.GetServices<ModuleManifest>())
        {
            await using var scope = services.CreateAsyncScope();
            var parked = await ParkedEvents.ListAsync(module.DbContextIn(scope.ServiceProvider), ct);
            Console.WriteLine($"{parked.Count} parked outbox event(s) in {module.Name}");
            foreach (var row in parked)
            {
                Console.WriteLine($"{module.Name} #{row.Sequence}  {row.Type} {row.EventId}  key {row.Key}  attempts {row.Attempts}  parked {row.ParkedAt:u}");
                Console.WriteLine($"    {row.LastError}");
            }
        }

        return 0;
    }

    private static async Task<int> ReplayAsync(IServiceProvider services, IConfiguration options, CancellationToken ct)
    {
        if (!options.GetValue("all", false) && options["topic"] is null)
        {
            throw new ArgumentException("say what to replay: --all, or --topic T [--partition P] [--offset O]");
        }

        var redrive = Redrive(services);
        var letters = redrive.Read(options["topic"], Int(options, "partition"), Long(options, "offset"));
        var replayed = 0;
        foreach (var letter in letters)
        {
            if (letter.Truncated || letter.OriginalTopic is null)
            {
                Console.WriteLine($"skipped {letter.Position}: {(letter.Truncated ? "its value was truncated" : "it does not say which topic it came from")}");
                continue;
            }

            await redrive.ReplayAsync(letter, ct);
            replayed++;
            Console.WriteLine($"replayed {letter.Position} to {letter.OriginalTopic}");
        }

        Console.WriteLine($"{replayed} dead letter(s) replayed; the consumers apply each event once");
        // Asked for one record or partition, and nothing came of it: say so in the exit code too.
        return replayed > 0 || (letters.Count == 0 && options.GetValue("all", false)) ? 0 : 1;
    }

    private static async Task<int> OnParkedAsync(
        IServiceProvider services, IConfiguration options, Func<ModuleDbContext, long?, CancellationToken, Task<int>> act, string done, CancellationToken ct)
    {
        var name = options["module"] ?? throw new ArgumentException("say which module: --module Users|Orders");
        var module = services.GetServices<ModuleManifest>().SingleOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"no running module is named '{name}'");
        await using var scope = services.CreateAsyncScope();
        var changed = await act(module.DbContextIn(scope.ServiceProvider), Long(options, "sequence"), ct);
        Console.WriteLine($"{changed} parked event(s) of {module.Name} {done}");
        return changed > 0 ? 0 : 1;
    }

    private static Task<int> SkipAsync(ModuleDbContext db, long? sequence, CancellationToken ct) =>
        sequence is { } only ? ParkedEvents.SkipAsync(db, only, DateTimeOffset.UtcNow, ct) : throw new ArgumentException("say which event to skip: --sequence S");

    private static bool HasBroker(IServiceProvider services) =>
        services.GetService<IOptions<KafkaOptions>>()?.Value.BootstrapServers is { Length: > 0 } && services.GetService<DeadLetterRedrive>() is not null;

    private static DeadLetterRedrive Redrive(IServiceProvider services) =>
        HasBroker(services)
            ? services.GetRequiredService<DeadLetterRedrive>()
            : throw new ArgumentException("Kafka:BootstrapServers is required, with the Kafka transport: the embedded broker lives inside the running host (its address is in the host's log)");

    private static int? Int(IConfiguration options, string key) => options[key] is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static long? Long(IConfiguration options, string key) => options[key] is { } value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
