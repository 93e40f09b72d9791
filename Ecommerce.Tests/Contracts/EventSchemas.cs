using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Xml.Linq;
using Ecommerce.Host;
using Ecommerce.Platform.Contracts;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Contracts;

/// <summary>
/// The JSON Schema of each event version, generated from its contract type with System.Text.Json's
/// exporter, in the options events are written with, plus what the contract says beyond types: limits
/// (data annotations), decimal places, and descriptions (the contract's XML docs). The checked-in copy
/// beside each Contracts project is what the host serves and what other teams build from.
/// </summary>
public static class EventSchemas
{
    public const string Draft = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Every module's manifest, as the host would build it with every module enabled.</summary>
    public static IReadOnlyList<ModuleManifest> Manifests()
    {
        var services = new ServiceCollection();
        foreach (var module in ModuleCatalog.All)
        {
            module.AddServices(services);
        }

        return services.ModuleManifests();
    }

    /// <summary>The event types the modules publish or consume.</summary>
    public static IReadOnlyList<Type> UsedEventTypes() =>
        [.. Manifests().SelectMany(m => m.PublishedEvents.Concat(m.Consumers.Select(c => c.EventType))).Distinct()];

    /// <summary>Every version of every event in the modules' Contracts assemblies.</summary>
    public static IReadOnlyList<EventContract> Contracts() => EventCatalog.ContractsIn(UsedEventTypes().Select(t => t.Assembly));

    /// <summary>Where the checked-in schema of <paramref name="contract"/> lives.</summary>
    public static string CheckedInPath(EventContract contract)
    {
        var assembly = contract.Type.Assembly.GetName().Name!;
        var project = Directory.GetDirectories(Path.Combine(Repository.Root(), "Modules"), assembly, SearchOption.AllDirectories).Single();
        return Path.Combine(project, "Schemas", contract.SchemaFile);
    }

    public static JsonObject Generate(EventContract contract)
    {
        var docs = XmlDocs.Of(contract.Type);
        var schema = (JsonObject)EventJson.Options.GetJsonSchemaAsNode(contract.Type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (context.PropertyInfo is not { } property || node is not JsonObject field)
                {
                    return node;
                }

                var attributes = property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
                if (docs.Params.GetValueOrDefault(property.AttributeProvider is MemberInfo member ? member.Name : property.Name) is { } description)
                {
                    field.Insert(0, "description", description);
                }

                foreach (var attribute in attributes)
                {
                    switch (attribute)
                    {
                        case StringLengthAttribute length:
                            field["minLength"] = length.MinimumLength;
                            field["maxLength"] = length.MaximumLength;
                            break;
                        case RangeAttribute range:
                            field["minimum"] = JsonValue.Create(Convert.ToDecimal(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                            field["maximum"] = JsonValue.Create(Convert.ToDecimal(range.Maximum, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case RegularExpressionAttribute pattern:
                            field["pattern"] = pattern.Pattern;
                            break;
                        case EmailAddressAttribute:
                            field["format"] = "email";
                            break;
                        case DecimalPlacesAttribute places:
                            field["multipleOf"] = JsonValue.Create(1m / (decimal)Math.Pow(10, places.Places));
                            break;
                    }
                }

                return field;
            },
        });

        var root = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = contract.WireType,
        };
        if (docs.Summary is { } summary)
        {
            root["description"] = summary;
        }

        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            root[key] = value;
        }

        return root;
    }

    public static string Serialize(JsonNode schema) =>
        schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>A type's XML documentation: its summary and its parameters (a record's fields), whitespace collapsed.</summary>
    private sealed record XmlDocs(string? Summary, IReadOnlyDictionary<string, string> Params)
    {
        public static XmlDocs Of(Type type)
        {
            var file = Path.ChangeExtension(type.Assembly.Location, ".xml");
            var member = XDocument.Load(file).Descendants("member").Single(m => (string?)m.Attribute("name") == $"T:{type.FullName}");
            return new XmlDocs(
                Text(member.Element("summary")),
                member.Elements("param").ToDictionary(p => (string)p.Attribute("name")!, p => Text(p)!));
        }

        // <see cref="T:X.Y"/> reads as Y.
        private static string? Text(XElement? element) =>
            element is null ? null
            : string.Join(" ", string.Concat(element.Nodes().Select(n => n is XElement { Name.LocalName: "see" } see
                    ? ((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "").Split('.', ':').Last()
                    : n is XText text ? text.Value : n.ToString()))
                .Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
