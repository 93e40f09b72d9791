using Ecommerce.Platform.Messaging.Modules;
using MassTransit;

namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>
/// Runs a consumer inside a <see cref="ConsumerTransaction"/>, or inside the one already open in its
/// scope: the Kafka transport opens one per batch, and the batch commits every consumer's changes at once.
/// </summary>
internal sealed class ConsumerTransactionFilter<TConsumer>(ModuleManifest module) : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
{
    public Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        var db = module.DbContextIn(context.GetPayload<IServiceProvider>());
        return db.Database.CurrentTransaction is not null
            ? next.Send(context)
            : ConsumerTransaction.RunAsync(db, () => next.Send(context), context.CancellationToken);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("consumerTransaction");
}
