using Ecommerce.Modules.Shared.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Modules.Shared.Messaging.InMemory;

/// <summary>
/// On the in-memory bus, saves what a consumer changed (its effects and its inbox record) in one
/// SaveChanges, as the Kafka worker does for a batch. Consumers never save themselves.
/// </summary>
internal sealed class SaveConsumerChangesFilter<T>(IServiceProvider scope, IEnumerable<ModuleMessaging> modules) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await next.Send(context);
        foreach (var module in modules)
        {
            var db = (ModuleDbContext)scope.GetRequiredService(module.DbContextType);
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(context.CancellationToken);
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("saveConsumerChanges");
}
