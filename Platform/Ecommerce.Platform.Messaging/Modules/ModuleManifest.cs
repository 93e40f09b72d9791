using MassTransit;

namespace Ecommerce.Platform.Messaging.Modules;

/// <summary>One consumer of a module: the event it handles, its class, and the stream the event comes from.</summary>
public sealed record ConsumerRegistration(Type EventType, Type ConsumerType, string Stream);

/// <summary>How long the broker keeps a module's stream: what a service that joins later can still read.</summary>
public enum StreamRetention
{
    /// <summary>Every event, for ever: each one matters (an OrderCancelled means nothing without its OrderCreated).</summary>
    Forever,

    /// <summary>The latest event of each key, for ever (log compaction): enough while each event carries its aggregate's whole state.</summary>
    LatestPerKey,
}

/// <summary>
/// What a module is to the pipeline: its name, its DbContext (which holds its outbox and inbox), the
/// stream it publishes on and how long that stream is kept, the events it publishes and the events it
/// consumes. A module declares it once, in its <see cref="IModule.AddServices"/>; the relay, the
/// consumers, the topics and the transport (Kafka or in-memory) are wired from it.
/// </summary>
public sealed class ModuleManifest(string name, string stream, StreamRetention retention)
{
    private readonly List<Type> _publishedEvents = [];
    private readonly List<ConsumerRegistration> _consumers = [];

    /// <summary>The module's name, e.g. "Users"; its Kafka consumer group is named after it.</summary>
    public string Name { get; } = name;

    /// <summary>The schema owning the module's tables (PostgreSQL); on SQLite, the name of its file.</summary>
    public string Schema => Name.ToLowerInvariant();

    /// <summary>The stream the module publishes on (one Kafka topic).</summary>
    public string Stream { get; } = stream;

    /// <summary>How long the broker keeps <see cref="Stream"/>; used where the host creates its topic.</summary>
    public StreamRetention Retention { get; } = retention;

    /// <summary>The DbContext holding the module's outbox and inbox; set by <see cref="ModuleRegistration.AddModule{TContext}"/>.</summary>
    public Type DbContextType { get; internal set; } = typeof(ModuleDbContext);

    /// <summary>Wakes the module's relay after each commit.</summary>
    public Outbox.OutboxSignal Signal { get; } = new();

    public IReadOnlyList<Type> PublishedEvents => _publishedEvents;

    public IReadOnlyList<ConsumerRegistration> Consumers => _consumers;

    /// <summary>The streams the module's consumers read.</summary>
    public IEnumerable<string> ConsumedStreams => _consumers.Select(c => c.Stream).Distinct();

    public ModuleManifest Publishes<TEvent>()
        where TEvent : class
    {
        _publishedEvents.Add(typeof(TEvent));
        return this;
    }

    public ModuleManifest Consumes<TEvent, TConsumer>(string fromStream)
        where TEvent : class
        where TConsumer : class, IConsumer<TEvent>
    {
        _consumers.Add(new ConsumerRegistration(typeof(TEvent), typeof(TConsumer), fromStream));
        return this;
    }
}
