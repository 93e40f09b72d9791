using Ecommerce.Platform.Messaging.Events;

namespace Ecommerce.Host;

/// <summary>
/// The events' documentation, beside the API's: the JSON Schema of every event version the running
/// modules publish or consume (what each record's CloudEvents <c>dataschema</c> points at), served
/// as checked in beside the contracts.
/// </summary>
internal static class EventDocs
{
    public const string SchemasPath = "/events/schemas";

    public static void MapEventDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet(SchemasPath + "/{file}", (string file, EventCatalog events) =>
                events.BySchemaFile(file) is { } contract && EventCatalog.SchemaJson(contract) is { } schema
                    ? Results.Text(schema, "application/schema+json")
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No event version has the schema '{file}'."))
            .ExcludeFromDescription();
    }
}
