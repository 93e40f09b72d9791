using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ecommerce.Platform.Contracts;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Events;

/// <summary>What a record's type says about it: a version this build knows, a version of an event it knows that it does not, or nothing it knows.</summary>
public readonly record struct EventLookup(EventContract? Contract, bool NameKnown);

/// <summary>
/// Every version of every event the running modules publish or consume, found from the
/// <see cref="EventTypeAttribute"/> on the contract types in their Contracts assemblies: the one map
/// between wire types and CLR types. It writes an event in the version this host emits
/// (<see cref="EventsOptions.Emit"/>), and reads any known version as the newest, so consumers only
/// handle newest versions; the conversions are the contracts' own (<see cref="IEventVersionOf{TNext, TSelf}"/>).
/// </summary>
public sealed partial class EventCatalog
{
    private readonly Dictionary<string, EventContract> _byWireType = [];
    private readonly Dictionary<Type, EventContract> _byType = [];
    private readonly Dictionary<string, EventContract> _newestByName = [];
    private readonly Dictionary<string, EventContract> _emittedByName = [];
    private readonly Dictionary<Type, Func<object, EventSettings, object>> _upcasts = [];
    private readonly Dictionary<(Type From, Type To), Func<object, EventSettings, object>> _downcasts = [];
    private readonly EventSettings _settings;
    private readonly Dictionary<EventContract, Uri> _schemas;

    public EventCatalog(IEnumerable<ModuleManifest> modules, IOptions<EventsOptions> options, IConfiguration configuration)
        : this(modules.SelectMany(m => m.PublishedEvents.Concat(m.Consumers.Select(c => c.EventType))), options.Value, new EventSettings(key => configuration[key]))
    {
    }

    public EventCatalog(IEnumerable<Type> eventTypes, EventsOptions options, EventSettings settings)
    {
        var used = eventTypes.Distinct().ToList();
        var contracts = ContractsIn(used.Select(t => t.Assembly));
        if (Problems(contracts, used) is [var first, ..])
        {
            throw new InvalidOperationException(first);
        }

        foreach (var contract in contracts)
        {
            _byWireType.Add(contract.WireType, contract);
            if (contract.LegacyType is { } legacy)
            {
                _byWireType.Add(legacy, contract);
            }

            _byType.Add(contract.Type, contract);
        }

        foreach (var family in contracts.GroupBy(c => c.Name))
        {
            _newestByName[family.Key] = family.MaxBy(c => c.Version)!;
            foreach (var older in family.Where(c => c != _newestByName[family.Key]))
            {
                var next = NextVersionOf(older.Type)!;
                _upcasts[older.Type] = Converter(nameof(UpcastVia), next, older.Type);
                _downcasts[(next, older.Type)] = Converter(nameof(DowncastVia), next, older.Type);
            }
        }

        All = contracts;
        _settings = settings;
        // Once per version, not per record the relay sends.
        _schemas = contracts.ToDictionary(c => c, c => new Uri(options.SchemaBaseUri, c.SchemaFile));
        foreach (var (name, version) in options.Emit)
        {
            var emitted = contracts.SingleOrDefault(c => c.Name == name && c.Version == version)
                ?? throw new InvalidConfigurationException(
                    $"Events:Emit:{name} is {version}, but this build knows {(contracts.Any(c => c.Name == name) ? $"versions {string.Join(", ", contracts.Where(c => c.Name == name).Select(c => c.Version))} of it" : "no event of that name")}.");
            _emittedByName[name] = emitted;
        }
    }

    /// <summary>Every known version of every event, oldest first within an event.</summary>
    public IReadOnlyList<EventContract> All { get; }

    /// <summary>The contract of an event type (any version).</summary>
    public EventContract Of(Type type) =>
        _byType.GetValueOrDefault(type) ?? throw new InvalidOperationException($"{type.Name} is not an event contract: it has no [EventType].");

    /// <summary>The newest version of the event that <paramref name="contract"/> is a version of.</summary>
    public EventContract NewestOf(EventContract contract) => _newestByName[contract.Name];

    /// <summary>
    /// The version of <paramref name="contract"/>'s event that this host writes: the one
    /// <see cref="EventsOptions.Emit"/> names, else the newest.
    /// </summary>
    public EventContract WrittenVersionOf(EventContract contract) => _emittedByName.GetValueOrDefault(contract.Name) ?? NewestOf(contract);

    /// <summary>What a record's CloudEvents type names.</summary>
    public EventLookup Find(string wireType) =>
        _byWireType.TryGetValue(wireType, out var contract) ? new EventLookup(contract, true)
        : new EventLookup(null, WireTypePattern().Match(wireType) is { Success: true } match && _newestByName.ContainsKey(match.Groups["name"].Value));

    /// <summary>Reads a record of <paramref name="contract"/>'s version as the newest version of its event.</summary>
    /// <exception cref="JsonException">The JSON is not a valid event of that version.</exception>
    public object Read(EventContract contract, ReadOnlySpan<byte> json)
    {
        var @event = JsonSerializer.Deserialize(json, contract.Type, EventJson.Options) ?? throw new JsonException("The event is JSON null.");
        while (_upcasts.TryGetValue(@event.GetType(), out var upcast))
        {
            @event = upcast(@event, _settings);
        }

        return @event;
    }

    /// <summary>The event (its newest version) as this host writes it: the version it emits, as JSON.</summary>
    public (EventContract Contract, string Json) Write(object @event)
    {
        var contract = Of(@event.GetType());
        if (_emittedByName.TryGetValue(contract.Name, out var emitted) && emitted != contract)
        {
            // Down the chain, one version at a time, from the newest to the one emitted.
            var chain = All.Where(c => c.Name == contract.Name && c.Version >= emitted.Version && c.Version < contract.Version).OrderByDescending(c => c.Version);
            foreach (var older in chain)
            {
                @event = _downcasts[(@event.GetType(), older.Type)](@event, _settings);
            }

            contract = emitted;
        }

        return (contract, JsonSerializer.Serialize(@event, contract.Type, EventJson.Options));
    }

    /// <summary>The CloudEvents <c>dataschema</c> of the version's records.</summary>
    public Uri SchemaOf(EventContract contract) => _schemas[contract];

    /// <summary>
    /// The checked-in JSON Schema of the version (embedded in its Contracts assembly as
    /// <c>schemas/&lt;wire type&gt;.json</c>), or null when the assembly has none.
    /// </summary>
    public static string? SchemaJson(EventContract contract)
    {
        using var stream = contract.Type.Assembly.GetManifestResourceStream($"schemas/{contract.SchemaFile}");
        return stream is null ? null : new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The version whose schema file is <paramref name="file"/>, e.g. <c>ecommerce.users.user-created.v1.json</c>.</summary>
    public EventContract? BySchemaFile(string file) => All.FirstOrDefault(c => c.SchemaFile == file);

    /// <summary>Every type carrying <see cref="EventTypeAttribute"/> in <paramref name="assemblies"/>.</summary>
    public static IReadOnlyList<EventContract> ContractsIn(IEnumerable<Assembly> assemblies) =>
        [.. assemblies.Distinct().SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<EventTypeAttribute>()))
            .Where(t => t.Attribute is not null)
            .Select(t => new EventContract(t.Type, t.Attribute!.Name, t.Attribute.Version, t.Attribute.LegacyType))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Version)];

    /// <summary>
    /// What is wrong with a set of contracts, each as one line: an event type the modules use without a
    /// wire type, or not in its newest version; a wire type or legacy type declared twice; a malformed
    /// name; an older version that does not say how it becomes the next.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<EventContract> contracts, IEnumerable<Type> usedEventTypes)
    {
        var problems = new List<string>();
        foreach (var type in usedEventTypes.Distinct())
        {
            if (contracts.FirstOrDefault(c => c.Type == type) is not { } contract)
            {
                problems.Add($"{type.FullName} is published or consumed by a module but has no [EventType]: its wire type would be unknown.");
            }
            else if (contracts.Any(c => c.Name == contract.Name && c.Version > contract.Version))
            {
                problems.Add($"{type.FullName} is {contract.WireType}, not the newest version of {contract.Name}: modules publish and consume newest versions; older ones are read through them.");
            }
        }

        problems.AddRange(contracts.GroupBy(c => c.WireType).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} is declared by {string.Join(" and ", g.Select(c => c.Type.FullName))}."));
        problems.AddRange(contracts.Where(c => c.LegacyType is not null).GroupBy(c => c.LegacyType).Where(g => g.Count() > 1)
            .Select(g => $"Legacy type {g.Key} is claimed by {string.Join(" and ", g.Select(c => c.Type.FullName))}."));
        problems.AddRange(contracts.Where(c => !NamePattern().IsMatch(c.Name) || c.Version < 1)
            .Select(c => $"{c.Type.FullName}: '{c.Name}' version {c.Version} is not a wire name (lowercase, dotted, dashes within words) with a version from 1."));
        foreach (var family in contracts.GroupBy(c => c.Name))
        {
            var newest = family.Max(c => c.Version);
            foreach (var older in family.Where(c => c.Version < newest))
            {
                var next = NextVersionOf(older.Type);
                var expected = family.FirstOrDefault(c => c.Version == older.Version + 1);
                if (next is null || expected is null || next != expected.Type)
                {
                    problems.Add($"{older.Type.FullName} ({older.WireType}) must implement IEventVersionOf<{expected?.Type.Name ?? $"version {older.Version + 1}"}, {older.Type.Name}>: how it reads as the next version.");
                }
            }
        }

        return problems;
    }

    private static Type? NextVersionOf(Type type) =>
        type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventVersionOf<,>) && i.GenericTypeArguments[1] == type)
            ?.GenericTypeArguments[0];

    private static Func<object, EventSettings, object> Converter(string method, Type next, Type older) =>
        typeof(EventCatalog).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(next, older).CreateDelegate<Func<object, EventSettings, object>>();

    private static object UpcastVia<TNext, TSelf>(object older, EventSettings settings)
        where TNext : class
        where TSelf : class, IEventVersionOf<TNext, TSelf> => ((TSelf)older).Upcast(settings);

    private static object DowncastVia<TNext, TSelf>(object next, EventSettings settings)
        where TNext : class
        where TSelf : class, IEventVersionOf<TNext, TSelf> => TSelf.Downcast((TNext)next, settings);

    [GeneratedRegex(@"^(?<name>.+)\.v(?<version>[0-9]+)$")]
    private static partial Regex WireTypePattern();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$")]
    private static partial Regex NamePattern();
}
