using System.Diagnostics;
using Ecommerce.Platform.Messaging.Outbox;

namespace Ecommerce.Platform.Messaging;

/// <summary>
/// Spans of the event pipeline (source <c>Ecommerce.Messaging</c>). The request's trace context is
/// stored on the outbox row; the send span continues it and travels in the record's headers; the
/// process span continues that, so one trace runs from the HTTP request to the consumer.
/// </summary>
public static class MessagingTelemetry
{
    public const string SourceName = "Ecommerce.Messaging";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span of sending one outbox row, a child of the request that wrote it.</summary>
    internal static Activity? StartSend(OutboxMessage row, string destination)
    {
        if (!Source.HasListeners())
        {
            return null; // nobody records spans: skip parsing the stored context, once per event
        }

        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var request);
        var activity = Source.StartActivity($"send {destination}", ActivityKind.Producer, request);
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", destination);
        activity?.SetTag("messaging.message.id", row.EventId.ToString());
        return activity;
    }

    /// <summary>The span of applying one received event, a child of the span that sent it.</summary>
    internal static Activity? StartProcess(string? traceParent, string? traceState, string topic, string consumerGroup, Guid eventId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(traceParent, traceState, out var sender);
        var activity = Source.StartActivity($"process {topic}", ActivityKind.Consumer, sender);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", topic);
        activity?.SetTag("messaging.consumer.group.name", consumerGroup);
        activity?.SetTag("messaging.message.id", eventId.ToString());
        return activity;
    }
}
