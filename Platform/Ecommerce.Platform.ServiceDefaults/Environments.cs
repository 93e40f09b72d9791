using Microsoft.Extensions.Hosting;

namespace Ecommerce.Platform;

/// <summary>Where the development conveniences (the embedded broker, the in-memory transport) may run.</summary>
public static class HostEnvironmentRules
{
    /// <summary>The environment the test suite and the benchmark run the host in.</summary>
    public const string Testing = "Testing";

    /// <summary>
    /// Development and the tests only: anywhere else an in-memory broker or bus would accept events and
    /// lose them on restart, so the host refuses to start rather than silently use one.
    /// </summary>
    public static bool AllowsInMemoryInfrastructure(this IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(Testing);
}
