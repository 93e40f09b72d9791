namespace Ecommerce.Host;

/// <summary>Limits of the HTTP server (<c>Http</c>).</summary>
public sealed class HttpServerOptions
{
    public const string SectionName = "Http";

    /// <summary>Request bodies above this get 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>How long a graceful stop may take (<c>Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Traces and metrics export (<c>OpenTelemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary>The service name on traces and metrics.</summary>
    public string ServiceName { get; set; } = "ecommerce";

    /// <summary>OTLP collector for traces and metrics; empty exports nothing (<c>/metrics</c> always works).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>A span per SQL command; on by default when traces are exported.</summary>
    public bool? TraceDatabaseCommands { get; set; }
}

/// <summary>Which modules this process runs (<c>Modules</c>); see <see cref="ModuleCatalog"/>.</summary>
public sealed class ModulesOptions
{
    public const string SectionName = "Modules";

    /// <summary>Comma-separated module names; empty runs them all.</summary>
    public string? Enabled { get; set; }
}
