using Ecommerce.Benchmark;

namespace Ecommerce.Tests.Infrastructure;

internal static class TokenSettings
{
    /// <summary>Adds to a host process's environment the settings that make it trust the tests' tokens (<see cref="Tokens"/>).</summary>
    public static Dictionary<string, string> WithTokenSettings(this Dictionary<string, string> environment)
    {
        foreach (var (key, value) in Tokens.HostEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }
}
