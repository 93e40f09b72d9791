namespace Ecommerce.Platform.Contracts;

/// <summary>
/// An integration event's identity on the wire, independent of its CLR name: the CloudEvents
/// <c>type</c> of its records is <see cref="WireType"/>, e.g. <c>ecommerce.users.user-created.v1</c>.
/// A shipped wire type never changes; a change its readers cannot take is a new <see cref="Version"/>
/// (a new contract type beside the old one, see <see cref="IEventVersionOf{TNext, TSelf}"/>).
/// </summary>
/// <param name="name">Dotted, lowercase, without the version: <c>ecommerce.&lt;module&gt;.&lt;event&gt;</c>.</param>
/// <param name="version">1, 2, ...: the version of <paramref name="name"/> this contract type is.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name, int version) : Attribute
{
    /// <summary>The event's wire name, without version.</summary>
    public string Name { get; } = name;

    /// <summary>Which version of <see cref="Name"/> this is.</summary>
    public int Version { get; } = version;

    /// <summary>What the records of this version carry as their type.</summary>
    public string WireType => $"{Name}.v{Version}";

    /// <summary>
    /// A type this version was published under before it had a wire type (its CLR full name): records
    /// still on the topics carry it, and are read as this version.
    /// </summary>
    public string? LegacyType { get; init; }
}
