using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Http;

public static class HttpJson
{
    /// <summary>
    /// Serves the HTTP API's JSON for a module's request and response types from its source-generated
    /// <paramref name="context"/>, ahead of any other resolver: no reflection over those types at start
    /// or per request. The HTTP options (camelCase, strict numbers, enums as strings) still apply to it,
    /// so the wire format is the same as reflection's.
    /// </summary>
    public static IServiceCollection AddHttpJsonContext(this IServiceCollection services, JsonSerializerContext context) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, context));
}
