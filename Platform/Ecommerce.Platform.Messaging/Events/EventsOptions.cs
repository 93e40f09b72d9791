namespace Ecommerce.Platform.Messaging.Events;

/// <summary>The <c>Events</c> section: how this host writes its events on the wire.</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// Versions to keep writing, by event name, while consumers migrate to the newest: e.g.
    /// <c>Events:Emit:ecommerce.orders.order-created = 1</c>. An event not named here is written in its newest version.
    /// </summary>
    public Dictionary<string, int> Emit { get; set; } = [];

    /// <summary>
    /// Where the host's event schemas are published: each record's CloudEvents <c>dataschema</c> is this
    /// followed by <c>&lt;wire type&gt;.json</c>. Set it to the public address of <c>/events/schemas/</c>.
    /// </summary>
    public Uri SchemaBaseUri { get; set; } = new("http://localhost:8080/events/schemas/");
}
