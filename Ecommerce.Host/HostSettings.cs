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

    /// <summary>Spans of requests and events (sent, processed); on by default when traces are exported.</summary>
    public bool? Traces { get; set; }

    /// <summary>A span per SQL command too; on by default when traces are exported.</summary>
    public bool? TraceDatabaseCommands { get; set; }
}

/// <summary>Which modules this process runs (<c>Modules</c>); see <see cref="ModuleCatalog"/>.</summary>
public sealed class ModulesOptions
{
    public const string SectionName = "Modules";

    /// <summary>Comma-separated module names; empty runs them all.</summary>
    public string? Enabled { get; set; }
}

/// <summary>Where <c>/health/*</c> and <c>/metrics</c> are served (<c>Management</c>); see <see cref="ManagementPort"/>.</summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>On <see cref="Port"/>, and not on the API's ports; unset: everywhere but Development.</summary>
    public bool? SeparatePort { get; set; }

    /// <summary>The port of the operations endpoints, on every interface.</summary>
    public int Port { get; set; } = 8081;

    public bool IsSeparateIn(IHostEnvironment environment) => SeparatePort ?? !environment.IsDevelopment();
}

/// <summary>Per-caller limits on writes (<c>RateLimiting</c>); see <see cref="RateLimits"/>.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Unset: on everywhere but Development.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Orders placed and cancelled, and any other write but sign-up.</summary>
    public FixedWindowLimit Writes { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Sign-ups (<c>POST /users</c>): anonymous, and each one a new account, so stricter.</summary>
    public FixedWindowLimit SignUp { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(10) };

    public bool IsEnabledIn(IHostEnvironment environment) => Enabled ?? !environment.IsDevelopment();
}

/// <summary>At most <see cref="PermitLimit"/> requests per caller in each <see cref="Window"/>.</summary>
public sealed class FixedWindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>The OpenAPI document, the API reference page and the <c>/</c> redirect to it (<c>ApiDocs</c>).</summary>
public sealed class ApiDocsOptions
{
    public const string SectionName = "ApiDocs";

    /// <summary>Unset: on everywhere but Production.</summary>
    public bool? Enabled { get; set; }

    public bool IsEnabledIn(IHostEnvironment environment) => Enabled ?? !environment.IsProduction();
}
