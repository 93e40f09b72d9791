using MassTransit;

namespace Ecommerce.Modules.Shared.Messaging;

/// <summary>One consumer of a module: the event it handles, its class, and the stream the event comes from.</summary>
public sealed record ConsumerRegistration(Type EventType, Type ConsumerType, string Stream);

/// <summary>
/// What a module publishes and consumes. A module declares it once, in its <c>Add…Module</c>; the host
/// wires the outbox relay and the chosen transport (Kafka or in-memory) from it.
/// </summary>
public sealed class ModuleMessaging(string module, Type dbContextType, string stream)
{
    private readonly List<Type> _publishedEvents = [];
    private readonly List<ConsumerRegistration> _consumers = [];

    /// <summary>The module's name, e.g. "Users"; its Kafka consumer group is named after it.</summary>
    public string Module { get; } = module;

    /// <summary>The DbContext holding the module's outbox and inbox.</summary>
    public Type DbContextType { get; } = dbContextType;

    /// <summary>The stream the module publishes on (one Kafka topic).</summary>
    public string Stream { get; } = stream;

    /// <summary>Wakes the module's relay after each commit.</summary>
    public Outbox.OutboxSignal Signal { get; } = new();

    public IReadOnlyList<Type> PublishedEvents => _publishedEvents;

    public IReadOnlyList<ConsumerRegistration> Consumers => _consumers;

    public ModuleMessaging Publishes<TEvent>()
        where TEvent : class
    {
        _publishedEvents.Add(typeof(TEvent));
        return this;
    }

    public ModuleMessaging Consumes<TEvent, TConsumer>(string fromStream)
        where TEvent : class
        where TConsumer : class, IConsumer<TEvent>
    {
        _consumers.Add(new ConsumerRegistration(typeof(TEvent), typeof(TConsumer), fromStream));
        return this;
    }
}
