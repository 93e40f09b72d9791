using Ecommerce.Platform.Messaging.Modules;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>
/// Applies a batch of received events to one module: every event goes through the module's consumers
/// (MassTransit's mediator, inside each consumer's pipeline: transaction, inbox, consumer), and the
/// whole batch commits in one <see cref="ConsumerTransaction"/>. When the batch fails, its events are
/// applied one by one, so only the culprit is retried; what still fails after the last attempt is
/// handed back to the transport, which dead-letters it.
/// </summary>
public sealed partial class EventApplier(
    ModuleManifest module,
    string consumerGroup,
    IServiceScopeFactory scopes,
    MessagingMetrics metrics,
    TimeProvider clock,
    ILogger<EventApplier> logger)
{
    /// <returns>The events that failed every attempt; empty when all were applied.</returns>
    public async Task<IReadOnlyList<FailedEvent>> ApplyAsync(IReadOnlyList<ReceivedEvent> events, int maxAttempts, Backoff backoff, CancellationToken ct)
    {
        if (events.Count == 0 || await TryApplyAsync(events, ct) is null)
        {
            return [];
        }

        // Something in the batch failed: apply one by one, so only the culprit is retried and dead-lettered.
        var failed = new List<FailedEvent>();
        foreach (var @event in events)
        {
            if (await ApplyWithRetriesAsync(@event, maxAttempts, backoff, ct) is { } failure)
            {
                failed.Add(failure);
            }
        }

        return failed;
    }

    private async Task<FailedEvent?> ApplyWithRetriesAsync(ReceivedEvent @event, int maxAttempts, Backoff backoff, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var error = await TryApplyAsync([@event], ct);
            if (error is null)
            {
                return null;
            }

            if (attempt >= maxAttempts)
            {
                return new FailedEvent(@event, error, attempt);
            }

            LogRetrying(consumerGroup, @event.Type.Name, @event.EventId, attempt, error);
            metrics.Retried(module.Name);
            await Task.Delay(backoff.Delay(attempt), clock, ct);
        }
    }

    /// <summary>Runs the module's consumers for <paramref name="events"/> in one transaction; returns the failure, if any.</summary>
    private async Task<Exception?> TryApplyAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // The scoped mediator resolves consumers from this scope, so they share this DbContext and its transaction.
            var db = module.DbContextIn(scope.ServiceProvider);
            var mediator = scope.ServiceProvider.GetRequiredService<IScopedMediator>();
            await ConsumerTransaction.RunAsync(db, async () =>
            {
                foreach (var @event in events)
                {
                    using var process = MessagingTelemetry.StartProcess(@event.TraceParent, @event.TraceState, @event.Topic, consumerGroup, @event.EventId);
                    await mediator.Send(@event.Message, @event.Type, Pipe.Execute<SendContext>(context => context.MessageId = @event.EventId), ct);
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
