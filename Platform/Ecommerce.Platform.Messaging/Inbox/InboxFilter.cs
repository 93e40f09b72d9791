using System.Collections.Concurrent;
using Ecommerce.Platform.Messaging.Modules;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Inbox;

/// <summary>
/// Makes every consumer on the in-memory bus idempotent, so a consumer is only its effect: it runs the
/// consumer only where <see cref="InboxClaims.TryClaimAsync"/> claims the event for it. The Kafka
/// transport claims through the same method (<see cref="Consuming.EventDispatcher"/>).
/// </summary>
internal sealed class InboxFilter<TConsumer>(ModuleManifest module, TimeProvider clock) : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
{
    // Kept under the class's short name, as rows written before this filter existed.
    private static readonly string Consumer = InboxClaims.ConsumerName(typeof(TConsumer));

    public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        var eventId = context.MessageId ?? throw new InvalidOperationException($"An event reached {Consumer} without an id, so it cannot be deduplicated.");
        var services = context.GetPayload<IServiceProvider>();
        var db = module.DbContextIn(services);
        if (await InboxClaims.TryClaimAsync(db, services.GetService<InboxBatch>(), eventId, Consumer, clock, context.CancellationToken))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}

/// <summary>
/// The inbox rule, whatever the transport. Before a consumer runs, the event id and the consumer are
/// looked up in the module's inbox: seen before, the consumer is skipped; new, an inbox row is added
/// to the unit of work, so it commits with the consumer's effects or not at all. Two racing deliveries
/// may both pass the lookup, but the inbox's primary key lets only one of them commit; the other's
/// whole transaction fails and is retried as a no-op.
/// </summary>
internal static class InboxClaims
{
    // One compiled query per module's DbContext type: an event its batch did not read asks it.
    private static readonly ConcurrentDictionary<Type, Func<DbContext, Guid, string, CancellationToken, Task<bool>>> HandledQueries = new();

    /// <summary>The name a consumer's inbox rows carry: its class's short name.</summary>
    public static string ConsumerName(Type consumerType) => consumerType.Name;

    /// <summary>
    /// True when <paramref name="consumer"/> has not applied the event yet: its inbox row is then added
    /// to <paramref name="db"/>'s unit of work, and the consumer must run in it.
    /// </summary>
    public static async ValueTask<bool> TryClaimAsync(DbContext db, InboxBatch? batch, Guid eventId, string consumer, TimeProvider clock, CancellationToken ct)
    {
        var inbox = db.Set<InboxMessage>();
        // The unit of work may hold it already: a batch can carry one event twice. Then what the batch
        // read of the inbox at its start; only an event it did not read is asked for on its own.
        if (inbox.Local.FindEntryUntyped([eventId, consumer]) is not null
            || (batch?.Handled(eventId, consumer) ?? await Handled(db)(db, eventId, consumer, ct)))
        {
            return false;
        }

        inbox.Add(new InboxMessage { EventId = eventId, Consumer = consumer, HandledAt = clock.GetUtcNow() });
        return true;
    }

    private static Func<DbContext, Guid, string, CancellationToken, Task<bool>> Handled(DbContext db) =>
        HandledQueries.GetOrAdd(db.GetType(), _ => EF.CompileAsyncQuery((DbContext context, Guid eventId, string consumer, CancellationToken _) =>
            context.Set<InboxMessage>().Any(m => m.EventId == eventId && m.Consumer == consumer)));
}
