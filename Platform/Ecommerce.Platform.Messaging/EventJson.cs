using System.Text.Json;

namespace Ecommerce.Platform.Messaging;

/// <summary>How events are written on the wire: camelCase JSON; decimals stay exact JSON numbers.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A record missing a field, or with null where the contract says non-null, is malformed, not a default.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>An event's identity on the wire: its full type name, so a shipped contract never moves.</summary>
    public static string TypeName(Type eventType) => eventType.FullName!;
}
