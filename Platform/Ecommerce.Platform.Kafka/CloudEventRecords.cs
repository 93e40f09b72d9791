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
    // Header values are copied into the client's own buffers when a record is produced, so one array
    // can serve every record.
    private static readonly byte[] SpecVersion = "1.0"u8.ToArray();
    private static readonly byte[] ContentType = "application/json"u8.ToArray();

    /// <param name="constant">The attributes every record of the row's event version on its stream shares.</param>
    /// <param name="traceParent">The send span's context; the request's (stored on the row) when not tracing.</param>
    public static Message<byte[], byte[]> ToKafkaMessage(OutboxMessage row, ConstantAttributes constant, string? traceParent, string? traceState)
    {
        var headers = new Headers
        {
            { CloudEventHeaders.SpecVersion, SpecVersion },
            { CloudEventHeaders.Id, Utf8(row.EventId) },
            { CloudEventHeaders.Type, constant.Type },
            { CloudEventHeaders.Source, constant.Source },
            { CloudEventHeaders.Time, Utf8(row.OccurredAt.UtcDateTime) },
            { CloudEventHeaders.ContentType, ContentType },
        };
        if (constant.DataSchema is not null)
        {
            headers.Add(CloudEventHeaders.DataSchema, constant.DataSchema);
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

    private static byte[] Utf8(Guid id)
    {
        var bytes = new byte[36];
        id.TryFormat(bytes, out _);
        return bytes;
    }

    private static byte[] Utf8(DateTime utc)
    {
        Span<byte> bytes = stackalloc byte[32];
        utc.TryFormat(bytes, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return bytes[..written].ToArray();
    }

    /// <summary>
    /// The attributes shared by every record of one event version on one stream (type, source, data
    /// schema), encoded once rather than per record.
    /// </summary>
    /// <param name="contract">The version of the event; null only for a row of a type this build does not know.</param>
    /// <param name="rowType">The type stored on the row: a row written before wire types existed holds its legacy type, and leaves with its wire type.</param>
    public sealed class ConstantAttributes(string stream, string rowType, EventContract? contract, Uri? dataSchema)
    {
        public byte[] Type { get; } = Encoding.UTF8.GetBytes(contract?.WireType ?? rowType);

        public byte[] Source { get; } = Encoding.UTF8.GetBytes(CloudEventHeaders.SourceOf(stream));

        public byte[]? DataSchema { get; } = dataSchema is null ? null : Encoding.UTF8.GetBytes(dataSchema.AbsoluteUri);
    }
}
