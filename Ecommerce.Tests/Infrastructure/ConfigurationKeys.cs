using System.Collections;
using System.Reflection;
using Ecommerce.Host;
using Ecommerce.Platform.Kafka;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// The configuration keys the host binds, derived from its options classes (a class with a
/// <c>SectionName</c> constant), so the configuration reference and the compose file are checked
/// against the code itself.
/// </summary>
public static class ConfigurationKeys
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(ModuleCatalog).Assembly, typeof(KafkaRegistration).Assembly,
        typeof(Ecommerce.Platform.Messaging.MessagingOptions).Assembly, typeof(Ecommerce.Platform.Backoff).Assembly,
        .. ModuleCatalog.All.Select(m => m.GetType().Assembly),
    ];

    /// <summary>Every key of every options class: nested classes become sections, dictionaries <c>&lt;name&gt;</c> placeholders.</summary>
    public static IEnumerable<string> Bound() =>
        Assemblies.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null)
            .SelectMany(t => KeysOf(t.Type, t.Section!))
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> KeysOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (typeof(IDictionary).IsAssignableFrom(propertyType))
            {
                yield return $"{key}:<{Placeholder(property.Name)}>";
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && propertyType.Namespace?.StartsWith("Ecommerce", StringComparison.Ordinal) == true)
            {
                foreach (var nested in KeysOf(propertyType, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    // Kafka:Topics is keyed by stream name; name other dictionaries here as they come.
    private static string Placeholder(string dictionary) => dictionary switch
    {
        "Topics" => "stream",
        _ => "name",
    };
}
