namespace Ecommerce.Platform.Messaging;

/// <summary>
/// The CloudEvents attributes an event travels with, named as the CloudEvents Kafka protocol binding
/// (binary mode) names its headers, so any CloudEvents-aware tool reads our topics. The record key is
/// the aggregate id, the value the event as JSON.
/// </summary>
public static class CloudEventHeaders
{
    public const string SpecVersion = "ce_specversion";
    public const string Id = "ce_id";
    public const string Type = "ce_type";
    public const string Source = "ce_source";
    public const string Time = "ce_time";
    public const string ContentType = "content-type";

    /// <summary>Where the JSON Schema of the event's version is published.</summary>
    public const string DataSchema = "ce_dataschema";

    /// <summary>W3C trace context, as the CloudEvents distributed-tracing extension names it.</summary>
    public const string TraceParent = "ce_traceparent";

    public const string TraceState = "ce_tracestate";

    public static string SourceOf(string stream) => $"/ecommerce/{stream}";
}
