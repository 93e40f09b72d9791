using System.Text;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Contracts;

/// <summary>
/// The event catalogue in docs/events.md is generated from the contracts and the module manifests, so
/// it cannot drift: this test fails when it differs, and <c>UPDATE_EVENT_SCHEMAS=1</c> rewrites it.
/// </summary>
public sealed class EventCatalogueTests
{
    private const string Begin = "<!-- event catalogue: generated from the contracts by EventCatalogueTests; UPDATE_EVENT_SCHEMAS=1 rewrites it -->";
    private const string End = "<!-- end of event catalogue -->";

    [Fact]
    public void The_event_catalogue_in_the_docs_is_the_one_the_contracts_give()
    {
        var path = Path.Combine(Repository.Root(), "docs", "events.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        start.Should().BeGreaterThan(-1, "docs/events.md holds the catalogue between its markers");
        end.Should().BeGreaterThan(start);

        var current = text[(start + Begin.Length)..end];
        var generated = "\n" + Catalogue() + "\n";
        if (current != generated && Environment.GetEnvironmentVariable("UPDATE_EVENT_SCHEMAS") == "1")
        {
            File.WriteAllText(path, text[..(start + Begin.Length)] + generated + text[end..]);
            return;
        }

        current.Should().Be(generated, "the catalogue is generated from the contracts: rewrite it with UPDATE_EVENT_SCHEMAS=1");
    }

    private static string Catalogue()
    {
        var manifests = EventSchemas.Manifests();
        var contracts = EventSchemas.Contracts();
        var table = new StringBuilder()
            .AppendLine("| Event (`ce_type`) | Topic | Published by | Consumed by | Fields (required unless marked `?`) | Schema |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var contract in contracts.OrderBy(c => c.Name, StringComparer.Ordinal).ThenByDescending(c => c.Version))
        {
            var newest = contracts.Where(c => c.Name == contract.Name).MaxBy(c => c.Version)!;
            var publisher = manifests.Single(m => m.PublishedEvents.Contains(newest.Type));
            var consumers = manifests.SelectMany(m => m.Consumers.Where(c => c.EventType == newest.Type).Select(c => $"{m.Name} (`{c.ConsumerType.Name}`)"));
            var schema = Path.GetRelativePath(Path.Combine(Repository.Root(), "docs"), EventSchemas.CheckedInPath(contract)).Replace('\\', '/');
            table.AppendLine(string.Join(" | ",
                $"| `{contract.WireType}`",
                $"`ecommerce.{publisher.Stream}`",
                contract == newest ? publisher.Name : $"{publisher.Name}, before version {contract.Version + 1} or when pinned (`Events:Emit`)",
                string.Join(", ", consumers) + (contract == newest ? "" : $", read as version {newest.Version}"),
                Fields(contract),
                $"[{contract.SchemaFile}]({schema}) |"));
        }

        return table.ToString().TrimEnd('\n');
    }

    private static string Fields(EventContract contract)
    {
        var schema = EventSchemas.Generate(contract);
        var required = schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet();
        return string.Join(", ", schema["properties"]!.AsObject().Select(p => required.Contains(p.Key) ? $"`{p.Key}`" : $"`{p.Key}?`"));
    }
}
