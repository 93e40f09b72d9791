using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Ecommerce.Modules.Shared.Messaging.Outbox;

namespace Ecommerce.Modules.Shared.Messaging;

/// <summary>
/// Kafka record headers, named as the CloudEvents Kafka protocol binding (binary mode) names them,
/// so any CloudEvents-aware tool reads our topics. The record key is the aggregate id, the value the
/// event as JSON.
/// </summary>
public static class CloudEventHeaders
{
    public const string SpecVersion = "ce_specversion";
    public const string Id = "ce_id";
    public const string Type = "ce_type";
    public const string Source = "ce_source";
    public const string Time = "ce_time";
    public const string ContentType = "content-type";

    /// <summary>W3C trace context, as the CloudEvents distributed-tracing extension names it.</summary>
    public const string TraceParent = "ce_traceparent";

    public const string TraceState = "ce_tracestate";

    public static string SourceOf(string stream) => $"/ecommerce/{stream}";

    /// <param name="traceParent">The send span's context; the request's (stored on the row) when not tracing.</param>
    public static Message<byte[], byte[]> ToKafkaMessage(OutboxMessage row, string stream, string? traceParent, string? traceState)
    {
        var headers = new Headers
        {
            { SpecVersion, Encoding.UTF8.GetBytes("1.0") },
            { Id, Encoding.UTF8.GetBytes(row.EventId.ToString()) },
            { Type, Encoding.UTF8.GetBytes(row.Type) },
            { Source, Encoding.UTF8.GetBytes(SourceOf(stream)) },
            { Time, Encoding.UTF8.GetBytes(row.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) },
            { ContentType, Encoding.UTF8.GetBytes("application/json") },
        };
        if (traceParent is not null)
        {
            headers.Add(TraceParent, Encoding.UTF8.GetBytes(traceParent));
        }

        if (!string.IsNullOrEmpty(traceState))
        {
            headers.Add(TraceState, Encoding.UTF8.GetBytes(traceState));
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
