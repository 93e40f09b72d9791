using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Platform.Kafka.AsyncApi;

/// <summary>
/// The AsyncAPI 3.0 document of the events of the modules running in this host: a channel per topic
/// they publish on or read, every version of every event that can be on it (headers, key, payload),
/// and what each module sends and receives. Built from the manifests, the event catalog and the topic
/// names that wire the pipeline, so it cannot describe a pipeline other than the one running.
/// </summary>
public sealed class AsyncApiDocument(IEnumerable<ModuleManifest> modules, EventCatalog events, KafkaConnection kafka)
{
    /// <summary>The version of the AsyncAPI Kafka bindings the bindings below are written in.</summary>
    private const string KafkaBindingVersion = "0.5.0";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lazy<string> _json = new(() => Build([.. modules], events, kafka).ToJsonString(Indented));

    /// <summary>The document as JSON (built once: the modules and topics do not change while the host runs).</summary>
    public string Json => _json.Value;

    public static JsonObject Build(IReadOnlyList<ModuleManifest> modules, EventCatalog events, KafkaConnection kafka)
    {
        // An event travels on the stream its publisher writes, which its consumers name: the publisher
        // may run in another service, so a stream this host only reads still lists what is on it.
        var eventNamesByStream = modules
            .SelectMany(m => m.PublishedEvents.Select(type => (m.Stream, Type: type)).Concat(m.Consumers.Select(c => (c.Stream, Type: c.EventType))))
            .GroupBy(e => e.Stream, e => events.Of(e.Type).Name)
            .ToDictionary(g => g.Key, g => g.ToHashSet());
        IEnumerable<EventContract> VersionsOn(string stream) => events.All.Where(c => eventNamesByStream.GetValueOrDefault(stream)?.Contains(c.Name) == true);

        var channels = new JsonObject();
        var messages = new JsonObject();
        var schemas = new JsonObject();
        foreach (var stream in modules.SelectMany(m => m.ConsumedStreams.Prepend(m.Stream)).Distinct())
        {
            var topic = kafka.TopicFor(stream);
            var channelMessages = new JsonObject();
            foreach (var contract in VersionsOn(stream))
            {
                var payload = Payload(contract);
                channelMessages[contract.WireType] = Ref($"#/components/messages/{contract.WireType}");
                messages[contract.WireType] = Message(contract, stream, payload, events);
                if (payload is not null)
                {
                    schemas[contract.WireType] = payload;
                }
            }

            channels[stream] = new JsonObject
            {
                ["address"] = topic,
                ["title"] = $"The {stream} stream",
                ["description"] = $"Every version of every event published on the {stream} stream, each record keyed by the id of the aggregate it is about.",
                ["messages"] = channelMessages,
                ["bindings"] = new JsonObject { ["kafka"] = TopicBinding(topic, modules.FirstOrDefault(m => m.Stream == stream)?.Retention) },
            };
        }

        var operations = new JsonObject();
        foreach (var module in modules)
        {
            if (module.PublishedEvents.Count > 0)
            {
                operations[$"{module.Name.ToLowerInvariant()}-send-{module.Stream}"] = new JsonObject
                {
                    ["action"] = "send",
                    ["channel"] = Ref($"#/channels/{module.Stream}"),
                    ["summary"] = $"{module.Name} publishes its events on {kafka.TopicFor(module.Stream)}, from its outbox, in the versions this host writes.",
                    ["messages"] = MessageRefs(module.Stream, module.PublishedEvents.Select(type => events.WrittenVersionOf(events.Of(type)))),
                };
            }

            foreach (var stream in module.ConsumedStreams)
            {
                var group = kafka.ConsumerGroupFor(module.Name);
                var consumed = module.Consumers.Where(c => c.Stream == stream).Select(c => events.Of(c.EventType).Name).ToHashSet();
                operations[$"{module.Name.ToLowerInvariant()}-receive-{stream}"] = new JsonObject
                {
                    ["action"] = "receive",
                    ["channel"] = Ref($"#/channels/{stream}"),
                    ["summary"] = $"{module.Name} consumes {kafka.TopicFor(stream)} in consumer group {group}, reading every known version of these events as the newest.",
                    ["messages"] = MessageRefs(stream, events.All.Where(c => consumed.Contains(c.Name))),
                    ["bindings"] = new JsonObject
                    {
                        ["kafka"] = new JsonObject
                        {
                            ["groupId"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(group) },
                            ["bindingVersion"] = KafkaBindingVersion,
                        },
                    },
                };
            }
        }

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Ecommerce events",
                ["version"] = "1.0.0",
                ["description"] =
                    $"The integration events of the modules running in this host ({string.Join(", ", modules.Select(m => m.Name))}). " +
                    "Every record follows the CloudEvents Kafka protocol binding in binary mode: the CloudEvents attributes are " +
                    "its ce_* headers, its key is the id of the aggregate the event is about (so one aggregate's events share a " +
                    "partition and keep their order), its value is the event as JSON. An event's older versions are listed too: " +
                    "records of them can still be on the topics, and consumers read them as the newest version.",
            },
            ["defaultContentType"] = "application/json",
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages, ["schemas"] = schemas },
        };
    }

    private static JsonObject Message(EventContract contract, string stream, JsonObject? payload, EventCatalog events)
    {
        var eventName = contract.Name.Split('.')[^1].Replace('-', ' '); // ecommerce.orders.order-created: "order created"
        var message = new JsonObject
        {
            ["name"] = contract.WireType,
            ["title"] = $"{char.ToUpperInvariant(eventName[0])}{eventName[1..]}, version {contract.Version}",
            ["contentType"] = "application/json",
        };
        if (payload?["description"]?.GetValue<string>() is { } description)
        {
            message["description"] = description;
        }

        message["headers"] = Headers(contract, stream, events);
        if (payload is not null)
        {
            message["payload"] = Ref($"#/components/schemas/{contract.WireType}");
        }

        message["bindings"] = new JsonObject
        {
            ["kafka"] = new JsonObject
            {
                ["key"] = new JsonObject
                {
                    ["type"] = "string",
                    ["format"] = "uuid",
                    ["description"] = "The id of the aggregate the event is about.",
                },
                ["bindingVersion"] = KafkaBindingVersion,
            },
        };
        if (events.NewestOf(contract) != contract)
        {
            message["deprecated"] = true; // superseded: written only while Events:Emit keeps it for consumers that have not moved on
        }

        return message;
    }

    /// <summary>The record's headers: the CloudEvents attributes (<see cref="CloudEventRecords"/>) as strings.</summary>
    private static JsonObject Headers(EventContract contract, string stream, EventCatalog events)
    {
        var type = new JsonObject { ["type"] = "string", ["description"] = "The event and its version: what the value is." };
        if (contract.LegacyType is { } legacy)
        {
            // Records written before events had wire types carry the contract's CLR name, and are still read as this version.
            type["enum"] = new JsonArray(contract.WireType, legacy);
        }
        else
        {
            type["const"] = contract.WireType;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                [CloudEventHeaders.SpecVersion] = new JsonObject { ["type"] = "string", ["const"] = "1.0" },
                [CloudEventHeaders.Id] = new JsonObject
                {
                    ["type"] = "string",
                    ["format"] = "uuid",
                    ["description"] = "The event's id (its eventId): a consumer applies each id once.",
                },
                [CloudEventHeaders.Type] = type,
                [CloudEventHeaders.Source] = new JsonObject { ["type"] = "string", ["const"] = CloudEventHeaders.SourceOf(stream) },
                [CloudEventHeaders.Time] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "When the event occurred (UTC)." },
                [CloudEventHeaders.ContentType] = new JsonObject { ["type"] = "string", ["const"] = "application/json" },
                [CloudEventHeaders.DataSchema] = new JsonObject
                {
                    ["type"] = "string",
                    ["format"] = "uri",
                    ["description"] = "Where the JSON Schema of this version is published (absent on records written before it was).",
                    ["examples"] = new JsonArray(events.SchemaOf(contract).AbsoluteUri),
                },
                [CloudEventHeaders.TraceParent] = new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = "W3C trace context of the request that caused the event (CloudEvents distributed-tracing extension).",
                },
                [CloudEventHeaders.TraceState] = new JsonObject { ["type"] = "string", ["description"] = "W3C trace state, when the trace has any." },
            },
            ["required"] = new JsonArray(
                CloudEventHeaders.SpecVersion, CloudEventHeaders.Id, CloudEventHeaders.Type, CloudEventHeaders.Source, CloudEventHeaders.Time, CloudEventHeaders.ContentType),
        };
    }

    /// <summary>
    /// The checked-in JSON Schema of the version (none if its Contracts assembly lacks it) as an AsyncAPI Schema (the default schema format, a superset of draft-07,
    /// which every AsyncAPI tool reads): without its draft 2020-12 <c>$schema</c>, since the keywords our
    /// schemas use mean the same in draft-07.
    /// </summary>
    private static JsonObject? Payload(EventContract contract)
    {
        if (EventCatalog.SchemaJson(contract) is not { } checkedIn)
        {
            return null;
        }

        var schema = JsonNode.Parse(checkedIn)!.AsObject();
        schema.Remove("$schema");
        return schema;
    }

    private static JsonObject TopicBinding(string topic, StreamRetention? retention)
    {
        var binding = new JsonObject { ["topic"] = topic };
        // Known where the stream's publisher runs in this host: its manifest says how long the topic keeps events.
        if (retention is { } kept)
        {
            binding["topicConfiguration"] = kept == StreamRetention.LatestPerKey
                ? new JsonObject { ["cleanup.policy"] = new JsonArray("compact") }
                : new JsonObject { ["cleanup.policy"] = new JsonArray("delete"), ["retention.ms"] = -1, ["retention.bytes"] = -1 };
        }

        binding["bindingVersion"] = KafkaBindingVersion;
        return binding;
    }

    private static JsonArray MessageRefs(string stream, IEnumerable<EventContract> contracts) =>
        [.. contracts.Distinct().OrderBy(c => c.WireType, StringComparer.Ordinal).Select(c => Ref($"#/channels/{stream}/messages/{c.WireType}"))];

    private static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };
}
