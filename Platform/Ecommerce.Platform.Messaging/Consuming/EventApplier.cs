using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>
/// Applies a batch of received events to one module: every event goes through the module's consumers
/// (<see cref="EventDispatcher"/>: inbox, validators, consumer), and the whole batch commits in one
/// <see cref="ConsumerTransaction"/>. When the batch fails because an event
/// is bad, its events are applied one by one, so only the culprit is retried; what still fails after the
/// last attempt is handed back to the transport, which dead-letters it. An event that breaks the rules of
/// its kind (<see cref="InvalidEventException"/>) is handed back at its first attempt. When it fails because of the
/// environment, nothing is dead-lettered: the transport waits and applies the batch again. When it
/// fails because another instance wrote the same rows meanwhile, it is applied again at once, on
/// fresh data, a few times before that counts as the environment's trouble.
/// </summary>
public sealed partial class EventApplier(
    ModuleManifest module,
    string consumerGroup,
    IServiceProvider services,
    IServiceScopeFactory scopes,
    MessagingMetrics metrics,
    TimeProvider clock,
    ILogger<EventApplier> logger)
{
    private readonly EventDispatcher _dispatcher = new(module, services);

    /// <summary>
    /// Applies <paramref name="events"/> in one transaction. When that fails for the work, applies them
    /// one by one, retrying each up to <paramref name="maxAttempts"/> times, and hands back those that
    /// always failed. When anything fails for the environment (<see cref="Failures"/>), stops at once:
    /// nothing is rejected, and the caller applies the batch again once the environment has recovered.
    /// </summary>
    public async Task<AppliedBatch> ApplyAsync(IReadOnlyList<ReceivedEvent> events, int maxAttempts, Backoff backoff, CancellationToken ct)
    {
        if (events.Count == 0 || await TryApplyAllAsync(events, ct) is not { } failure)
        {
            return AppliedBatch.Complete;
        }

        if (Failures.IsEnvironmental(failure))
        {
            return AppliedBatch.WaitFor(failure);
        }

        // Something in the batch is bad: apply one by one, so only the culprit is retried and rejected.
        var rejected = new List<RejectedEvent>();
        foreach (var @event in events)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await TryApplyAllAsync([@event], ct) is not { } error)
                {
                    break;
                }

                if (Failures.IsEnvironmental(error))
                {
                    return AppliedBatch.WaitFor(error);
                }

                // An invalid event is refused the same way every time: no retry can help it.
                if (attempt >= maxAttempts || InvalidEventException.IsCause(error))
                {
                    rejected.Add(new RejectedEvent(@event, error, attempt));
                    break;
                }

                LogRetrying(consumerGroup, @event.Type.Name, @event.EventId, attempt, error);
                metrics.Retried(module.Name);
                await Task.Delay(backoff.Delay(attempt), clock, ct);
            }
        }

        return new AppliedBatch(rejected, null);
    }

    /// <summary>
    /// <see cref="TryApplyAsync"/>, again at once while it conflicts with another instance's writes:
    /// the conflict is over when the other transaction ends, and the next try reads what it wrote.
    /// </summary>
    private async Task<Exception?> TryApplyAllAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken ct)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            var failure = await TryApplyAsync(events, ct);
            if (failure is null || !Failures.IsConflict(failure) || conflicts == MaxImmediateRetriesOnConflict)
            {
                return failure;
            }

            metrics.Conflicted(module.Name);
        }
    }

    // Beyond this, conflicts are a contention the environment's backoff eases.
    private const int MaxImmediateRetriesOnConflict = 5;

    /// <summary>Runs the module's consumers for <paramref name="events"/> in one transaction; returns the failure, if any.</summary>
    private async Task<Exception?> TryApplyAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // Consumers are resolved from this scope, so they share this DbContext and its transaction.
            var db = module.DbContextIn(scope.ServiceProvider);
            var inbox = scope.ServiceProvider.GetRequiredService<InboxBatch>();
            await ConsumerTransaction.RunAsync(db, async () =>
            {
                // One inbox query for the batch, inside its transaction, instead of one per event.
                await inbox.ReadAsync(db, events.Select(e => e.EventId), ct);
                foreach (var @event in events)
                {
                    using var process = MessagingTelemetry.StartProcess(@event.TraceParent, @event.TraceState, @event.Topic, consumerGroup, @event.EventId);
                    await _dispatcher.ApplyAsync(scope.ServiceProvider, db, inbox, @event, ct);
                }
            }, ct);
            metrics.Consumed(module.Name, events.Count);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return e;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer group {Group} failed on {EventType} {EventId} (attempt {Attempt}); retrying")]
    private partial void LogRetrying(string group, string eventType, Guid eventId, int attempt, Exception exception);
}
