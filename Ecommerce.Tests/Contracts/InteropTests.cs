using System.Diagnostics;
using System.Text.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Contracts;

/// <summary>
/// A client in another language, knowing only an event's checked-in JSON Schema, produces an event
/// the modules apply: <c>docs/interop/produce_event.py</c> (Python 3 and Debian's
/// python3-confluent-kafka, nothing of .NET) builds a UserCreated from the schema, checks it against
/// it, and produces it as a CloudEvents record; Orders then knows the user. This is the check
/// docs/events.md describes for running by hand.
/// </summary>
public sealed class InteropTests(EmbeddedKafkaBroker broker) : KafkaHostTests(broker)
{
    private const string Python = "/usr/bin/python3";

    private const string InstallHint = "the interoperability check runs a Python producer: install python3-confluent-kafka (Debian: apt-get install python3-confluent-kafka; .ci/run does)";

    /// <summary>The script's exit code for an event that breaks its schema (see its docstring).</summary>
    private const int InvalidEventExitCode = 3;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    private static string Script => Path.Combine(Repository.Root(), "docs", "interop", "produce_event.py");

    private static string UserCreatedSchema =>
        Path.Combine(Repository.Root(), "Modules", "Users", "Ecommerce.Modules.Users.Contracts", "Schemas", Events.UserCreatedType + ".json");

    [Fact]
    public async Task A_UserCreated_a_Python_producer_builds_from_the_schema_alone_makes_the_user_known_to_Orders()
    {
        var produced = await ProduceWithPythonAsync(UserCreatedSchema);

        produced.ExitCode.Should().Be(0, "the script produced the event: {0}", produced.Error);
        using var userCreated = JsonDocument.Parse(produced.Output);
        var userId = userCreated.RootElement.GetProperty("userId").GetGuid();
        var eventId = userCreated.RootElement.GetProperty("eventId").GetGuid();

        var order = await Client.CreateOrderOnceUserIsKnownAsync(userId);

        order.UserId.Should().Be(userId);
        (await OrdersInboxHoldsAsync(eventId)).Should().BeTrue("Orders applied the Python producer's event, recorded by its id");
        var record = KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).Should().ContainSingle(r => r.Key == userId.ToString()).Subject;
        record.Header(CloudEventHeaders.SpecVersion).Should().Be("1.0");
        record.Header(CloudEventHeaders.Type).Should().Be(Events.UserCreatedType, "the wire type is the schema's title");
        record.Header(CloudEventHeaders.Id).Should().Be(eventId.ToString());
        record.Header(CloudEventHeaders.Source).Should().Be(CloudEventHeaders.SourceOf("users"));
        record.Header(CloudEventHeaders.ContentType).Should().Be("application/json");
        KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersDeadLetterTopic).Should().BeEmpty();
    }

    [Fact]
    public async Task The_Python_producer_refuses_a_value_the_schema_forbids_and_produces_nothing()
    {
        var refused = await ProduceWithPythonAsync(UserCreatedSchema, "name=");

        refused.ExitCode.Should().Be(InvalidEventExitCode, "an empty name breaks the schema's minLength; its output: {0}", refused.Error);
        refused.Error.Should().Contain("name").And.Contain("minLength");
        refused.Output.Should().BeEmpty();
        KafkaTopic.ReadAll(Host.BootstrapServers, Host.UsersTopic).Should().BeEmpty("the script checks the event before it connects");
    }

    private sealed record ScriptRun(int ExitCode, string Output, string Error);

    private async Task<ScriptRun> ProduceWithPythonAsync(string schema, params string[] fields)
    {
        // A missing prerequisite fails the test, saying what to install: a skipped check would pass in silence.
        File.Exists(Python).Should().BeTrue(InstallHint + $" ({Python} not found)");
        var import = await RunAsync(Python, ["-c", "import confluent_kafka"]);
        import.ExitCode.Should().Be(0, InstallHint + " ({0})", import.Error.Trim());

        return await RunAsync(Python, [Script, Host.BootstrapServers, Host.UsersTopic, schema, .. fields]);
    }

    private static async Task<ScriptRun> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not exit within {ScriptTimeout.TotalSeconds} s; its output: {await error}");
        }

        return new ScriptRun(process.ExitCode, (await output).Trim(), await error);
    }

    private Task<bool> OrdersInboxHoldsAsync(Guid eventId) =>
        Host.InScopeAsync<OrdersDbContext, bool>(db => db.Set<InboxMessage>().AnyAsync(m => m.EventId == eventId));
}
