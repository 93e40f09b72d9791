using Ecommerce.Platform.Messaging.Consuming;
using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.InMemory;

public static class InMemoryTransport
{
    /// <summary>
    /// The integration tests' transport: relays publish to MassTransit's in-memory bus, where the same
    /// consumer classes receive events through the same pipeline (transaction, inbox) as on Kafka.
    /// </summary>
    public static IServiceCollection AddInMemoryTransport(this IServiceCollection services)
    {
        var modules = services.ModuleManifests();
        services.AddMassTransit(bus =>
        {
            bus.AddModuleConsumers(modules);
            // Per endpoint, so MassTransit's test harness, which replaces the bus, keeps it.
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                // An invalid event fails the same way every time: it faults at once, to the endpoint's error queue.
                endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100))
                    .Ignore<InvalidEventException>());
                // One scope per attempt, so each attempt starts from a fresh DbContext.
                endpoint.UseMessageScope(context);
            });
            bus.UsingInMemory((context, inMemory) => inMemory.ConfigureEndpoints(context));
        });
        services.AddSingleton<IOutboxTransport, InMemoryOutboxTransport>();
        return services;
    }
}
