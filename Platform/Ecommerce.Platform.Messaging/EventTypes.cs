using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Platform.Messaging;

/// <summary>Every event type the running modules publish or consume, by its wire name.</summary>
public sealed class EventTypes(IEnumerable<ModuleManifest> modules)
{
    private readonly Dictionary<string, Type> _byName = modules
        .SelectMany(m => m.PublishedEvents.Concat(m.Consumers.Select(c => c.EventType)))
        .Distinct()
        .ToDictionary(EventJson.TypeName);

    public Type? Find(string typeName) => _byName.GetValueOrDefault(typeName);
}
