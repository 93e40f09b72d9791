using System.Text.Json;
using Ecommerce.Platform;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ecommerce.Host;

/// <summary>
/// <c>/health/live</c>: the process answers (no checks). <c>/health/ready</c>: each module's database,
/// the broker (from its last probe), each outbox's backlog and parked events, and each module's
/// consumers; 200 when healthy or degraded, 503 when unhealthy.
/// Both answer JSON; outside Development, on the management port only (<see cref="ManagementPort"/>).
/// </summary>
internal static class Health
{
    public const string ProbeCommand = "health-check";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = WriteJsonAsync,
        });
        return endpoints;
    }

    /// <summary>
    /// <c>Ecommerce.Host health-check [url]</c>: exits 0 when readiness answers 200. For the container's
    /// HEALTHCHECK, since the runtime image has no curl. Without a URL it asks this host's own readiness,
    /// found from the same configuration the host reads (appsettings, environment variables).
    /// </summary>
    public static async Task<int> ProbeAsync(string[] args)
    {
        var url = args.FirstOrDefault();
        if (url is null)
        {
            var host = WebApplication.CreateSlimBuilder();
            url = ReadinessUrl(host.Configuration, host.Environment);
        }

        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await client.GetAsync(new Uri(url));
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"{url}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Readiness on the management port, or on the first API port when the host has no management port.</summary>
    internal static string ReadinessUrl(IConfiguration configuration, IHostEnvironment environment)
    {
        var management = configuration.GetSection(ManagementOptions.SectionName).Get<ManagementOptions>() ?? new ManagementOptions();
        var port = management.IsSeparateIn(environment) ? management.Port : BindingAddress.Parse(ManagementPort.ApiAddresses(configuration)[0]).Port;
        return $"http://localhost:{port}/health/ready";
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
