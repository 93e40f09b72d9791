using System.Text.Json;
using Confluent.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Consuming;
using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>What a record is to a module: an event to apply, a record to dead-letter (with why), or not its business.</summary>
internal readonly record struct DecodedRecord(ReceivedEvent? Event, string? Error)
{
    public static readonly DecodedRecord NotOurs = new(null, null);
}

/// <summary>
/// Reads a Kafka record into one of the events a module consumes: its type from the <c>ce_type</c>
/// header, its id from <c>ce_id</c>, its body as JSON. A record of a type the module does not consume
/// is skipped; one it cannot read (no type, too large, malformed) is reported for the dead-letter topic.
/// </summary>
internal sealed class RecordDecoder(ModuleManifest module, int maxRecordBytes)
{
    private readonly Dictionary<string, Type> _consumedTypes =
        module.Consumers.Select(c => c.EventType).Distinct().ToDictionary(EventJson.TypeName);

    // Every contract carries its id in its body too: the fallback for a record without a ce_id header.
    private readonly Dictionary<Type, System.Reflection.PropertyInfo?> _bodyIds =
        module.Consumers.Select(c => c.EventType).Distinct().ToDictionary(t => t, t => t.GetProperty("EventId"));

    public DecodedRecord Decode(ConsumeResult<byte[], byte[]> record)
    {
        var headers = record.Message.Headers;
        var typeName = CloudEventRecords.Read(headers, CloudEventHeaders.Type);
        if (typeName is null)
        {
            return new DecodedRecord(null, $"The record has no '{CloudEventHeaders.Type}' header, so its event type is unknown.");
        }

        if (!_consumedTypes.TryGetValue(typeName, out var type))
        {
            return DecodedRecord.NotOurs; // another module's business, or a newer event type this version ignores
        }

        if (record.Message.Value is { Length: var size } && size > maxRecordBytes)
        {
            return new DecodedRecord(null, $"The record's value is {size} bytes, over Kafka:Consumer:MaxRecordBytes ({maxRecordBytes}).");
        }

        try
        {
            var message = JsonSerializer.Deserialize(record.Message.Value, type, EventJson.Options)
                ?? throw new JsonException("The record's value is JSON null.");
            if (EventIdOf(headers, message) is not { } id)
            {
                return new DecodedRecord(null, $"The record has no event id (a '{CloudEventHeaders.Id}' header or an 'eventId' field), so it cannot be deduplicated.");
            }

            return new DecodedRecord(new ReceivedEvent(type, message, id, record.Topic,
                CloudEventRecords.Read(headers, CloudEventHeaders.TraceParent), CloudEventRecords.Read(headers, CloudEventHeaders.TraceState)), null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return new DecodedRecord(null, $"The record's value is not a valid {type.Name}: {e.Message}");
        }
    }

    private Guid? EventIdOf(Headers? headers, object message) =>
        Guid.TryParse(CloudEventRecords.Read(headers, CloudEventHeaders.Id), out var id) ? id
        : _bodyIds[message.GetType()]?.GetValue(message) is Guid bodyId && bodyId != Guid.Empty ? bodyId
        : null;
}
