using System.Text.Json;
using Confluent.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Consuming;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>
/// What a record is to a module: an event to apply, a record to dead-letter (with why), a known event
/// that is not its business, or a type this build does not know at all (<paramref name="UnknownType"/>).
/// </summary>
internal readonly record struct DecodedRecord(ReceivedEvent? Event, string? Error, string? UnknownType = null)
{
    public static readonly DecodedRecord NotOurs = new(null, null);
}

/// <summary>
/// Reads a Kafka record into one of the events a module consumes: its type from the <c>ce_type</c>
/// header, looked up in the <see cref="EventCatalog"/>; its id from <c>ce_id</c>; its body as JSON of
/// that version, read as the newest version. A known event the module does not consume is skipped; a
/// type nobody here knows is skipped and reported (it may be a newer producer's event); a version this
/// build does not know of an event it does know, or a record it cannot read (no type, too large,
/// malformed), is reported for the dead-letter topic, to be replayed once the consumer is upgraded or the producer fixed.
/// </summary>
internal sealed class RecordDecoder(ModuleManifest module, EventCatalog events, int maxRecordBytes)
{
    private readonly HashSet<Type> _consumedTypes = [.. module.Consumers.Select(c => c.EventType)];

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

        var lookup = events.Find(typeName);
        if (lookup.Contract is not { } contract)
        {
            return lookup.NameKnown
                ? new DecodedRecord(null, $"'{typeName}' is a version of an event this build does not know (it knows {string.Join(", ", events.All.Where(c => typeName.StartsWith(c.Name + ".v", StringComparison.Ordinal)).Select(c => c.WireType))}): upgrade the consumer, then replay this dead letter.")
                : new DecodedRecord(null, null, UnknownType: typeName);
        }

        if (!_consumedTypes.Contains(events.NewestOf(contract).Type))
        {
            return DecodedRecord.NotOurs; // another module's event
        }

        if (record.Message.Value is { Length: var size } && size > maxRecordBytes)
        {
            return new DecodedRecord(null, $"The record's value is {size} bytes, over Kafka:Consumer:MaxRecordBytes ({maxRecordBytes}).");
        }

        try
        {
            var message = events.Read(contract, record.Message.Value ?? throw new JsonException("The record has no value."));
            if (EventIdOf(headers, message) is not { } id)
            {
                return new DecodedRecord(null, $"The record has no event id (a '{CloudEventHeaders.Id}' header or an 'eventId' field), so it cannot be deduplicated.");
            }

            return new DecodedRecord(new ReceivedEvent(message.GetType(), message, id, record.Topic,
                CloudEventRecords.Read(headers, CloudEventHeaders.TraceParent), CloudEventRecords.Read(headers, CloudEventHeaders.TraceState)), null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return new DecodedRecord(null, $"The record's value is not a valid {contract.WireType}: {e.Message}");
        }
    }

    private Guid? EventIdOf(Headers? headers, object message) =>
        Guid.TryParse(CloudEventRecords.Read(headers, CloudEventHeaders.Id), out var id) ? id
        : _bodyIds[message.GetType()]?.GetValue(message) is Guid bodyId && bodyId != Guid.Empty ? bodyId
        : null;
}
