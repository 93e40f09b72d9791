namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>An event a transport received and decoded, ready to be applied by the module's consumers.</summary>
/// <param name="Type">The event's contract type.</param>
/// <param name="Message">The event, deserialized.</param>
/// <param name="EventId">Its id: what the inbox deduplicates on.</param>
/// <param name="Topic">Where it came from, for traces.</param>
/// <param name="TraceParent">The W3C trace context of the span that sent it, if any.</param>
/// <param name="TraceState">Its trace state, if any.</param>
public sealed record ReceivedEvent(Type Type, object Message, Guid EventId, string Topic, string? TraceParent, string? TraceState);

/// <summary>An event its consumers refused every time it was tried: bad work, for the dead-letter topic.</summary>
public sealed record RejectedEvent(ReceivedEvent Event, Exception Error, int Attempts);

/// <summary>
/// What became of a batch: every event applied but the <paramref name="Rejected"/> ones; or, when
/// <paramref name="EnvironmentFailure"/> is set, the environment refused the work and the batch must be
/// applied again later, whole (events applied meanwhile are skipped by the inbox).
/// </summary>
public sealed record AppliedBatch(IReadOnlyList<RejectedEvent> Rejected, Exception? EnvironmentFailure)
{
    public static readonly AppliedBatch Complete = new([], null);

    public static AppliedBatch WaitFor(Exception environmentFailure) => new([], environmentFailure);
}
