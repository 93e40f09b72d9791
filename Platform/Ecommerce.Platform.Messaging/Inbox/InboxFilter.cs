using System.Collections.Concurrent;
using Ecommerce.Platform.Messaging.Modules;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Inbox;

/// <summary>
/// Makes every consumer idempotent, so a consumer is only its effect. Before the consumer runs, it
/// looks up the event id and the consumer in the module's inbox: seen before, the consumer is skipped;
/// new, an inbox row is added to the unit of work, so it commits with the consumer's effects or not at
/// all. Two racing deliveries may both pass the lookup, but the inbox's primary key lets only one of
/// them commit; the other's whole transaction fails and is retried as a no-op.
/// </summary>
internal sealed class InboxFilter<TConsumer>(ModuleManifest module, TimeProvider clock) : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
{
    // Kept under the class's short name, as rows written before this filter existed.
    private static readonly string Consumer = typeof(TConsumer).Name;

    // One compiled query per module's DbContext type: every event asks it.
    private static readonly ConcurrentDictionary<Type, Func<DbContext, Guid, string, CancellationToken, Task<bool>>> HandledQueries = new();

    public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        var eventId = context.MessageId ?? throw new InvalidOperationException($"An event reached {Consumer} without an id, so it cannot be deduplicated.");
        var services = context.GetPayload<IServiceProvider>();
        var db = module.DbContextIn(services);
        var inbox = db.Set<InboxMessage>();
        // The unit of work may hold it already: a batch can carry one event twice. Then what the batch
        // read of the inbox at its start; only an event it did not read is asked for on its own.
        if (inbox.Local.FindEntryUntyped([eventId, Consumer]) is not null
            || (services.GetService<InboxBatch>()?.Handled(eventId, Consumer) ?? await Handled(db)(db, eventId, Consumer, context.CancellationToken)))
        {
            return;
        }

        inbox.Add(new InboxMessage { EventId = eventId, Consumer = Consumer, HandledAt = clock.GetUtcNow() });
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");

    private static Func<DbContext, Guid, string, CancellationToken, Task<bool>> Handled(DbContext db) =>
        HandledQueries.GetOrAdd(db.GetType(), _ => EF.CompileAsyncQuery((DbContext context, Guid eventId, string consumer, CancellationToken _) =>
            context.Set<InboxMessage>().Any(m => m.EventId == eventId && m.Consumer == consumer)));
}
