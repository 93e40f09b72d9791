using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Modules;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>
/// The pipeline around every module consumer, on either transport: the consumer transaction, then the
/// inbox, then the event's validators (<see cref="EventValidation"/>), then the consumer itself.
/// Registered with each consumer, so no consumer can run without it.
/// </summary>
internal sealed class ModuleConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        var module = context.GetServices<ModuleManifest>().Single(m => m.Consumers.Any(c => c.ConsumerType == typeof(TConsumer)));
        consumerConfigurator.UseFilter(new ConsumerTransactionFilter<TConsumer>(module));
        consumerConfigurator.UseFilter(new InboxFilter<TConsumer>(module, context.GetRequiredService<TimeProvider>()));
        // Added per event type once the pipe is complete, so after the two above: a refused event rolls back with its inbox row.
        consumerConfigurator.ConnectConsumerConfigurationObserver(new EventValidation(context));
    }
}

internal static class ModuleConsumers
{
    /// <summary>Registers every module consumer with its <see cref="ModuleConsumerDefinition{TConsumer}"/>, on the bus or the mediator.</summary>
    public static void AddModuleConsumers(this IRegistrationConfigurator registration, IEnumerable<ModuleManifest> modules)
    {
        foreach (var consumer in modules.SelectMany(m => m.Consumers).Select(c => c.ConsumerType).Distinct())
        {
            registration.AddConsumer(consumer, typeof(ModuleConsumerDefinition<>).MakeGenericType(consumer));
        }
    }
}
