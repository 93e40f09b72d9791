using Ecommerce.Platform;
using Microsoft.Extensions.Options;

namespace Ecommerce.Host;

/// <summary>Tells a configuration error from any other failure at startup, as the one line the host prints before it exits.</summary>
internal static class ConfigurationErrors
{
    public const int ExitCode = 2;

    /// <returns>The problem in one line, naming the key; null when <paramref name="failure"/> is not about configuration.</returns>
    public static string? Describe(Exception failure) => failure switch
    {
        InvalidConfigurationException e => e.Message,
        OptionsValidationException e => string.Join(" ", e.Failures),
        AggregateException e when e.InnerExceptions.All(i => Describe(i) is not null) => string.Join(" ", e.InnerExceptions.Select(Describe)),
        // The configuration binder's own words: "Failed to convert configuration value at 'Outbox:BatchSize' to type 'System.Int32'."
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => e.Message,
        _ => null,
    };
}
