using System.Text.Json.Nodes;
using Ecommerce.Platform.Messaging.Events;

namespace Ecommerce.Tests.Contracts;

/// <summary>
/// The checked-in schema of every event version is what its contract generates. A change to a contract
/// shows here first: a compatible one (an optional field added, a description reworded) is written
/// back with <c>UPDATE_EVENT_SCHEMAS=1 dotnet test Ecommerce.sln --filter EventSchemaTests</c>; a
/// breaking one is refused even then, and needs a new version of the event instead.
/// </summary>
public sealed class EventSchemaTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_EVENT_SCHEMAS") == "1";

    public static TheoryData<string> WireTypes => [.. EventSchemas.Contracts().Select(c => c.WireType)];

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void Each_event_version_has_its_generated_schema_checked_in(string wireType)
    {
        var contract = EventSchemas.Contracts().Single(c => c.WireType == wireType);
        var generated = EventSchemas.Generate(contract);
        var path = EventSchemas.CheckedInPath(contract);
        if (!File.Exists(path))
        {
            WriteIfUpdating(path, generated);
            Update.Should().BeTrue($"{wireType} has no checked-in schema at {path}: write it with UPDATE_EVENT_SCHEMAS=1");
            return;
        }

        var checkedIn = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        var changes = SchemaCompatibility.Compare(checkedIn, generated);
        SchemaCompatibility.Verdict(changes).Should().NotBe(Compatibility.Breaking,
            "{0} changed in a way its readers or its records on the topics cannot take: {1}. Leave this version as it was and add version {2} (see docs/events.md)",
            wireType, string.Join("; ", changes.Where(c => c.Compatibility == Compatibility.Breaking)), contract.Version + 1);
        if (EventSchemas.Serialize(generated) != File.ReadAllText(path))
        {
            WriteIfUpdating(path, generated);
            Update.Should().BeTrue($"{wireType}'s schema differs from the checked-in one, compatibly ({string.Join("; ", changes)}): write it with UPDATE_EVENT_SCHEMAS=1");
        }
    }

    [Fact]
    public void Every_checked_in_schema_still_has_its_contract()
    {
        var contracts = EventSchemas.Contracts();
        var schemaFolders = contracts.Select(c => Path.GetDirectoryName(EventSchemas.CheckedInPath(c))!).Distinct();
        var orphans = schemaFolders.SelectMany(folder => Directory.EnumerateFiles(folder, "*.json"))
            .Select(Path.GetFileName)
            .Where(file => contracts.All(c => c.SchemaFile != file))
            .ToList();

        orphans.Should().BeEmpty(
            "a wire type, once shipped, stays: these schemas lost their contract (was an event renamed, or its wire type changed without a new version?)");
    }

    [Fact]
    public void The_contracts_the_modules_use_are_each_named_once_newest_and_chained_to_their_older_versions()
    {
        EventCatalog.Problems(EventSchemas.Contracts(), EventSchemas.UsedEventTypes()).Should().BeEmpty();
    }

    private static void WriteIfUpdating(string path, JsonObject schema)
    {
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, EventSchemas.Serialize(schema));
        }
    }
}
