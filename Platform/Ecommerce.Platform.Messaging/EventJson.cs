using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ecommerce.Platform.Messaging;

/// <summary>How events are written on the wire: camelCase JSON; decimals stay exact JSON numbers.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A record missing a field, or with null where the contract says non-null, is malformed, not a default.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        // Numbers are JSON numbers, as the schemas say; the web defaults would also take "5" for 5.
        NumberHandling = JsonNumberHandling.Strict,
        // Set explicitly, so the options can describe the contracts (JSON Schema) before serializing any.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };
}
