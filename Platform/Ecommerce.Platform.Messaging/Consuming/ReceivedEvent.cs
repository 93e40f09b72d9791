namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>An event a transport received and decoded, ready to be applied by the module's consumers.</summary>
/// <param name="Type">The event's contract type.</param>
/// <param name="Message">The event, deserialized.</param>
/// <param name="EventId">Its id: what the inbox deduplicates on.</param>
/// <param name="Topic">Where it came from, for traces.</param>
/// <param name="TraceParent">The W3C trace context of the span that sent it, if any.</param>
/// <param name="TraceState">Its trace state, if any.</param>
public sealed record ReceivedEvent(Type Type, object Message, Guid EventId, string Topic, string? TraceParent, string? TraceState);

/// <summary>An event that still failed after its last attempt, with the error of that attempt.</summary>
public sealed record FailedEvent(ReceivedEvent Event, Exception Error, int Attempts);
