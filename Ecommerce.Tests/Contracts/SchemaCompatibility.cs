using System.Text.Json.Nodes;

namespace Ecommerce.Tests.Contracts;

/// <summary>Whether readers of the old schema and records written under it still agree after a change.</summary>
public enum Compatibility
{
    /// <summary>Documentation only: nothing a reader or a record depends on.</summary>
    Same,

    /// <summary>Readers of either schema read records of both (an optional field added).</summary>
    Compatible,

    /// <summary>Some reader or some record on the topics no longer fits: the change needs a new version.</summary>
    Breaking,
}

public sealed record SchemaChange(string Field, string What, Compatibility Compatibility)
{
    public override string ToString() => $"{Field}: {What} ({Compatibility.ToString().ToLowerInvariant()})";
}

/// <summary>
/// Classifies the changes between two versions of one event version's schema, field by field (nested
/// objects included): adding an optional field is compatible; removing, renaming (a removal and an
/// addition), retyping a field, making one required or optional, adding a required one, or changing
/// what values it admits is breaking; descriptions and titles are documentation.
/// </summary>
public static class SchemaCompatibility
{
    private static readonly HashSet<string> Documentation = ["description", "title", "$schema", "$comment", "examples"];

    public static IReadOnlyList<SchemaChange> Compare(JsonObject before, JsonObject after) => [.. CompareObject("", before, after)];

    public static Compatibility Verdict(IReadOnlyList<SchemaChange> changes) =>
        changes.Count == 0 ? Compatibility.Same : changes.Max(c => c.Compatibility);

    private static IEnumerable<SchemaChange> CompareObject(string path, JsonObject before, JsonObject after)
    {
        var beforeFields = Properties(before);
        var afterFields = Properties(after);
        var beforeRequired = Required(before);
        var afterRequired = Required(after);
        foreach (var (name, _) in beforeFields.Where(f => !afterFields.ContainsKey(f.Key)))
        {
            yield return new SchemaChange(Join(path, name), "removed (or renamed): readers expecting it no longer get it", Compatibility.Breaking);
        }

        foreach (var (name, _) in afterFields.Where(f => !beforeFields.ContainsKey(f.Key)))
        {
            yield return afterRequired.Contains(name)
                ? new SchemaChange(Join(path, name), "added as required: records already written lack it", Compatibility.Breaking)
                : new SchemaChange(Join(path, name), "added as optional", Compatibility.Compatible);
        }

        foreach (var (name, old) in beforeFields.Where(f => afterFields.ContainsKey(f.Key)))
        {
            var field = Join(path, name);
            if (!beforeRequired.Contains(name) && afterRequired.Contains(name))
            {
                yield return new SchemaChange(field, "made required: records already written may lack it", Compatibility.Breaking);
            }
            else if (beforeRequired.Contains(name) && !afterRequired.Contains(name))
            {
                yield return new SchemaChange(field, "made optional: readers relying on it may not get it", Compatibility.Breaking);
            }

            foreach (var change in CompareField(field, old, afterFields[name]))
            {
                yield return change;
            }
        }

        foreach (var change in CompareKeywords(path == "" ? "(event)" : path, before, after, ["properties", "required"]))
        {
            yield return change;
        }
    }

    private static IEnumerable<SchemaChange> CompareField(string field, JsonObject before, JsonObject after)
    {
        if (!JsonNode.DeepEquals(before["type"], after["type"]) || !JsonNode.DeepEquals(before["format"], after["format"]))
        {
            return [new SchemaChange(field, $"retyped from {Describe(before)} to {Describe(after)}", Compatibility.Breaking)];
        }

        return Properties(before).Count > 0 || Properties(after).Count > 0
            ? CompareObject(field, before, after)
            : CompareKeywords(field, before, after, ["type", "format"]);
    }

    /// <summary>Any other keyword that changed changes which values a field admits (a limit, a pattern, an enum).</summary>
    private static IEnumerable<SchemaChange> CompareKeywords(string field, JsonObject before, JsonObject after, string[] compared)
    {
        var keywords = before.Select(p => p.Key).Union(after.Select(p => p.Key)).Except(compared).Order(StringComparer.Ordinal);
        foreach (var keyword in keywords)
        {
            if (JsonNode.DeepEquals(before[keyword], after[keyword]))
            {
                continue;
            }

            yield return Documentation.Contains(keyword)
                ? new SchemaChange(field, $"{keyword} reworded", Compatibility.Same)
                : new SchemaChange(field, $"{keyword} changed from {before[keyword]?.ToJsonString() ?? "(none)"} to {after[keyword]?.ToJsonString() ?? "(none)"}: it admits other values", Compatibility.Breaking);
        }
    }

    private static Dictionary<string, JsonObject> Properties(JsonObject schema) =>
        schema["properties"] is JsonObject properties ? properties.ToDictionary(p => p.Key, p => (JsonObject)p.Value!) : [];

    private static HashSet<string> Required(JsonObject schema) =>
        schema["required"] is JsonArray required ? [.. required.Select(r => r!.GetValue<string>())] : [];

    private static string Describe(JsonObject field) =>
        field["format"] is { } format ? $"{field["type"]?.ToJsonString()} ({format})" : field["type"]?.ToJsonString() ?? "(any)";

    private static string Join(string path, string name) => path == "" ? name : $"{path}.{name}";
}
