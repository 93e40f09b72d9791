using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Ecommerce.Tests.Contracts;

/// <summary>
/// What AsyncAPI 3.0.0 asks of a document: its official JSON Schema (checked in beside this file, read
/// offline), plus two rules a JSON Schema cannot express and AsyncAPI's own parser checks: every local
/// <c>$ref</c> points at something, and an operation's messages are messages of its channel.
/// </summary>
public static class AsyncApiSchema
{
    private static readonly Lazy<JsonSchema> Official = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", "asyncapi-3.0.0.schema.json")),
        // A registry of its own: the schema embeds its definitions, and nothing is ever fetched.
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>Each way <paramref name="document"/> is not valid AsyncAPI 3.0.0, as one line; none when it is.</summary>
    public static IReadOnlyList<string> Problems(JsonNode document)
    {
        var problems = Evaluate(Official.Value, document).ToList();
        problems.AddRange(Refs(document).Where(r => r.StartsWith('#') && Resolve(document, r) is null).Select(r => $"$ref {r} points at nothing"));
        foreach (var (name, operation) in document["operations"]?.AsObject() ?? [])
        {
            var channel = operation?["channel"]?["$ref"]?.GetValue<string>();
            problems.AddRange((operation?["messages"]?.AsArray() ?? [])
                .Select(m => m?["$ref"]?.GetValue<string>())
                .Where(m => channel is null || m is null || !m.StartsWith($"{channel}/messages/", StringComparison.Ordinal))
                .Select(m => $"operation {name} lists {m}, which is not a message of its channel {channel}"));
        }

        return problems;
    }

    /// <summary>Where <paramref name="instance"/> breaks <paramref name="schema"/>, one line each (formats asserted, not just noted).</summary>
    public static IReadOnlyList<string> Evaluate(JsonSchema schema, JsonNode? instance)
    {
        using var json = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Distinct()];
    }

    /// <summary>The node a local reference (<c>#/a/b</c>) points at, or null.</summary>
    public static JsonNode? Resolve(JsonNode document, string reference) =>
        reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(token => token.Replace("~1", "/").Replace("~0", "~"))
            .Aggregate((JsonNode?)document, (node, token) => node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            });

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v && v.TryGetValue<string>(out var r) ? [r] : Refs(p.Value)),
        JsonArray a => a.SelectMany(Refs),
        _ => [],
    };
}
