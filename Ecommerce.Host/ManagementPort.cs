using Ecommerce.Platform;

namespace Ecommerce.Host;

/// <summary>
/// <c>/health/*</c> and <c>/metrics</c> on a port of their own (<c>Management:Port</c>), which the API's
/// ports never answer them on, and which answers nothing else: the public port shows neither the
/// host's internals nor its load, and probes and scrapes reach the host without passing its front door.
/// Outside Development by default (<see cref="ManagementOptions.IsSeparateIn"/>).
/// </summary>
internal static class ManagementPort
{
    /// <summary>
    /// Listens on the management port besides the API's addresses, which stay given as before
    /// (<c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, or <c>Kestrel:Endpoints</c>).
    /// </summary>
    /// <returns>The management port, or null when the operations endpoints share the API's port.</returns>
    public static int? AddManagementPort(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ManagementOptions.SectionName).Get<ManagementOptions>() ?? new ManagementOptions();
        if (!options.IsSeparateIn(builder.Environment))
        {
            return null;
        }

        if (options.Port is < 1 or > 65535)
        {
            throw new InvalidConfigurationException($"Management:Port must be a TCP port, 1 to 65535 (got {options.Port}).");
        }

        var management = $"http://*:{options.Port}";
        if (builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            // Kestrel's own endpoints replace any URLs: the management one joins them.
            builder.Configuration["Kestrel:Endpoints:Management:Url"] = management;
            return options.Port;
        }

        var api = ApiAddresses(builder.Configuration);
        if (api.Any(address => BindingAddress.Parse(address).Port == options.Port))
        {
            throw new InvalidConfigurationException(
                $"Management:Port {options.Port} is also an API port ({string.Join(";", api)}): give it a port of its own, or set Management:SeparatePort=false.");
        }

        builder.WebHost.UseUrls([.. api, management]);
        // Folded into the URLs above; left set, Kestrel would warn that the URLs override them.
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");
        return options.Port;
    }

    /// <summary>
    /// On the management port only operations endpoints exist, and on any other port none does: a request
    /// for one on the wrong port is answered as an unknown route (404). By the connection's local port,
    /// not the Host header, which the caller writes.
    /// </summary>
    public static WebApplication UseManagementPort(this WebApplication app, int port)
    {
        app.Use((context, next) =>
        {
            var forManagement = context.GetEndpoint()?.Metadata.GetMetadata<ServedOnManagementPort>() is not null;
            if (forManagement != (context.Connection.LocalPort == port))
            {
                context.SetEndpoint(null);
            }

            return next(context);
        });
        return app;
    }

    /// <summary>The API's addresses as Kestrel would take them: the URLs, else the HTTP(S) ports, else its default.</summary>
    internal static string[] ApiAddresses(IConfiguration configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        static IEnumerable<string> Expand(string? ports, string scheme) =>
            (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");

        string[] addresses = [.. Expand(configuration[WebHostDefaults.HttpPortsKey], "http"), .. Expand(configuration[WebHostDefaults.HttpsPortsKey], "https")];
        return addresses.Length > 0 ? addresses : ["http://localhost:5000"];
    }
}

/// <summary>Endpoint metadata: an operations endpoint, served on the management port when there is one.</summary>
internal sealed class ServedOnManagementPort;
