using System.Reflection;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Modules;
using FluentValidation;
using MassTransit;
using MassTransit.Context;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>
/// Runs a module's consumers for the events a transport received itself (Kafka), with the pipeline
/// every consumer has on the bus, in the same order: inside the batch's transaction, the inbox claim
/// (<see cref="InboxClaims"/>), the event's validators (<see cref="EventRules"/>), then the consumer.
/// It calls the consumer directly instead of through MassTransit's mediator: the mediator built a send,
/// a receive and a consume context, several spans and a filter chain per event, most of the consume
/// loop's own time. What can be decided once (which consumers take a type, their validators, the
/// generic code that calls them) is decided here, once per process.
/// </summary>
internal sealed class EventDispatcher
{
    private delegate Task Dispatch(IServiceProvider scope, DbContext db, InboxBatch inbox, ReceivedEvent received, CancellationToken ct);

    private static readonly MethodInfo BindMethod = typeof(EventDispatcher).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Single(m => m.Name == nameof(Bind) && m.IsGenericMethodDefinition);

    private readonly Dictionary<Type, Dispatch[]> _consumersOf;

    public EventDispatcher(ModuleManifest module, IServiceProvider services)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        _consumersOf = module.Consumers
            .GroupBy(c => c.EventType)
            .ToDictionary(g => g.Key, g => g.Select(c => c.ConsumerType).Distinct().Select(consumer => Bind(g.Key, consumer, services, clock)).ToArray());
    }

    /// <summary>Runs every consumer of the event's type in <paramref name="scope"/>, each once per event (the inbox).</summary>
    public async Task ApplyAsync(IServiceProvider scope, DbContext db, InboxBatch inbox, ReceivedEvent received, CancellationToken ct)
    {
        if (!_consumersOf.TryGetValue(received.Type, out var consumers))
        {
            throw new InvalidOperationException($"No consumer of this module takes {received.Type.Name}.");
        }

        foreach (var consume in consumers)
        {
            await consume(scope, db, inbox, received, ct);
        }
    }

    private static Dispatch Bind(Type eventType, Type consumerType, IServiceProvider services, TimeProvider clock) =>
        (Dispatch)BindMethod.MakeGenericMethod(eventType, consumerType).Invoke(null, [services, clock])!;

    // Typed once per event type and consumer, so no event pays for reflection.
    private static Dispatch Bind<TEvent, TConsumer>(IServiceProvider services, TimeProvider clock)
        where TEvent : class
        where TConsumer : class, IConsumer<TEvent>
    {
        // Validators are singletons (stateless): resolved once, shared by every event.
        var validators = services.GetServices<IValidator<TEvent>>().ToArray();
        var consumer = InboxClaims.ConsumerName(typeof(TConsumer));
        return (scope, db, inbox, received, ct) => DispatchAsync<TEvent, TConsumer>(scope, db, inbox, received, validators, consumer, clock, ct);
    }

    private static async Task DispatchAsync<TEvent, TConsumer>(
        IServiceProvider scope, DbContext db, InboxBatch inbox, ReceivedEvent received,
        IValidator<TEvent>[] validators, string consumer, TimeProvider clock, CancellationToken ct)
        where TEvent : class
        where TConsumer : class, IConsumer<TEvent>
    {
        if (!await InboxClaims.TryClaimAsync(db, inbox, received.EventId, consumer, clock, ct))
        {
            return;
        }

        var message = (TEvent)received.Message;
        await EventRules.CheckAsync(validators, message, received.EventId, ct);
        // Scoped, like its DbContext: one instance per batch.
        await scope.GetRequiredService<TConsumer>().Consume(new ReceivedConsumeContext<TEvent>(message, received.EventId, ct));
    }
}

/// <summary>
/// What a consumer sees of an event the transport received: the message, its id and the cancellation
/// token. Everything else MassTransit's context offers (publishing, sending, responding, payloads)
/// throws <see cref="ConsumeContextNotAvailableException"/>: a module consumer only changes its
/// DbContext, and its events leave through the outbox.
/// </summary>
internal sealed class ReceivedConsumeContext<TMessage>(TMessage message, Guid eventId, CancellationToken ct) : MissingConsumeContext, ConsumeContext<TMessage>
    where TMessage : class
{
    public TMessage Message { get; } = message;

    CancellationToken PipeContext.CancellationToken => ct;

    Guid? MessageContext.MessageId => eventId;

    public Task NotifyConsumed(TimeSpan duration, string consumerType) => Task.CompletedTask;

    public Task NotifyFaulted(TimeSpan duration, string consumerType, Exception exception) => Task.CompletedTask;
}
