using Ecommerce.Platform.Kafka.AsyncApi;
using Ecommerce.Platform.Messaging.Events;

namespace Ecommerce.Host;

/// <summary>
/// The events' documentation, beside the API's: the AsyncAPI document of the topics the running modules
/// publish on and read, and the JSON Schema of every event version they publish or consume (what each
/// record's CloudEvents <c>dataschema</c> points at), served as checked in beside the contracts.
/// </summary>
internal static class EventDocs
{
    public const string SchemasPath = "/events/schemas";

    public const string AsyncApiPath = "/asyncapi/v1.json";

    public static void MapEventDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet(SchemasPath + "/{file}", (string file, EventCatalog events) =>
                events.BySchemaFile(file) is { } contract && EventCatalog.SchemaJson(contract) is { } schema
                    ? Results.Text(schema, "application/schema+json")
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No event version has the schema '{file}'."))
            .ExcludeFromDescription();

        // Only the Kafka transport registers the document: on the in-memory one there are no topics to describe.
        app.MapGet(AsyncApiPath, (IServiceProvider services) =>
                services.GetService<AsyncApiDocument>() is { } document
                    ? Results.Text(document.Json, "application/json")
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: "Events do not travel over Kafka in this host (Messaging:Transport=InMemory): it has no topics to describe."))
            .ExcludeFromDescription();
    }
}
