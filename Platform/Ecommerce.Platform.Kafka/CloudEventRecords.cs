using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Outbox;

namespace Ecommerce.Platform.Kafka;

/// <summary>
/// Outbox rows as Kafka records in the CloudEvents Kafka binding's binary mode: the key is the
/// aggregate id, the value the event as JSON, the attributes are <see cref="CloudEventHeaders"/>.
/// </summary>
public static class CloudEventRecords
{
    /// <param name="contract">The version of the event the row holds; null only for a row of a type this build does not know.</param>
    /// <param name="traceParent">The send span's context; the request's (stored on the row) when not tracing.</param>
    public static Message<byte[], byte[]> ToKafkaMessage(OutboxMessage row, string stream, EventContract? contract, Uri? dataSchema, string? traceParent, string? traceState)
    {
        var headers = new Headers
        {
            { CloudEventHeaders.SpecVersion, Encoding.UTF8.GetBytes("1.0") },
            { CloudEventHeaders.Id, Encoding.UTF8.GetBytes(row.EventId.ToString()) },
            // A row written before wire types existed holds its legacy type: it leaves with its wire type.
            { CloudEventHeaders.Type, Encoding.UTF8.GetBytes(contract?.WireType ?? row.Type) },
            { CloudEventHeaders.Source, Encoding.UTF8.GetBytes(CloudEventHeaders.SourceOf(stream)) },
            { CloudEventHeaders.Time, Encoding.UTF8.GetBytes(row.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) },
            { CloudEventHeaders.ContentType, Encoding.UTF8.GetBytes("application/json") },
        };
        if (dataSchema is not null)
        {
            headers.Add(CloudEventHeaders.DataSchema, Encoding.UTF8.GetBytes(dataSchema.AbsoluteUri));
        }

        if (traceParent is not null)
        {
            headers.Add(CloudEventHeaders.TraceParent, Encoding.UTF8.GetBytes(traceParent));
        }

        if (!string.IsNullOrEmpty(traceState))
        {
            headers.Add(CloudEventHeaders.TraceState, Encoding.UTF8.GetBytes(traceState));
        }

        return new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(row.Key),
            Value = Encoding.UTF8.GetBytes(row.Payload),
            Headers = headers,
            Timestamp = new Timestamp(row.OccurredAt),
        };
    }

    /// <summary>The last value of a header as text, or null when the record does not carry it.</summary>
    public static string? Read(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
