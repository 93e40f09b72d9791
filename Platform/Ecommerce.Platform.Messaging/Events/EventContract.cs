namespace Ecommerce.Platform.Messaging.Events;

/// <summary>One version of an integration event: its contract type and its identity on the wire.</summary>
/// <param name="Type">The contract type of this version (the newest version's type is what consumers handle).</param>
/// <param name="Name">The event's wire name without version, e.g. <c>ecommerce.users.user-created</c>.</param>
/// <param name="Version">1, 2, ...</param>
/// <param name="LegacyType">The CLR name records of this version carried before wire types existed, if any.</param>
public sealed record EventContract(Type Type, string Name, int Version, string? LegacyType)
{
    /// <summary>The CloudEvents <c>type</c> of its records, e.g. <c>ecommerce.users.user-created.v1</c>.</summary>
    public string WireType => $"{Name}.v{Version}";

    /// <summary>The name of its JSON Schema: checked in beside the contract, served by the host.</summary>
    public string SchemaFile => $"{WireType}.json";
}
