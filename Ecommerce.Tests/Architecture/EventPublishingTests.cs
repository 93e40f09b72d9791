using System.Text.RegularExpressions;
using Ecommerce.Host;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Architecture;

/// <summary>
/// Events leave a module only through its outbox (written in the state change's transaction). A direct
/// publish would be the "publish after commit" this design exists to avoid: lost on a crash, or sent
/// for a change that rolled back.
/// </summary>
public sealed partial class EventPublishingTests
{
    public static TheoryData<string> Modules => [.. ModuleCatalog.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_never_publishes_or_sends_to_the_bus_or_kafka_directly(string module)
    {
        var folder = Path.Combine(Repository.Root(), "Modules", module, $"Ecommerce.Modules.{module}");
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var offences = sources
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => DirectPublish().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.number}: {l.line.Trim()}");

        offences.Should().BeEmpty("events are added to the outbox with AddToOutbox and relayed after commit");
    }

    [Fact]
    public void The_direct_publish_pattern_catches_what_it_guards_against()
    {
        string[] caught =
        [
            "await context.Publish(new OrderCreated(...));",
            "await bus.Send(message);",
            "IPublishEndpoint publisher",
            "private readonly IBus _bus;",
            "ISendEndpointProvider sendEndpoints",
            "IProducer<string, string> producer",
            "await mediator.Publish(evt);",
        ];

        caught.Should().AllSatisfy(line => DirectPublish().IsMatch(line).Should().BeTrue(line));
        DirectPublish().IsMatch("db.AddToOutbox(created, created.EventId, user.Id, now);").Should().BeFalse();
    }

    [GeneratedRegex(@"\.Publish\(|\.Send\(|\bIPublishEndpoint\b|\bIBus\b|\bISendEndpointProvider\b|\bIProducer<|\bProducerBuilder<|\bIMediator\b")]
    private static partial Regex DirectPublish();
}
