using System.Diagnostics.Metrics;
using Ecommerce.Platform;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Persistence;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ecommerce.Host;

/// <summary>Traces, metrics and log correlation (OpenTelemetry).</summary>
internal static class Telemetry
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        // Every log line written inside a request or a consumer carries its trace and span ids.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlpEndpoint = options.OtlpEndpoint;
        if (!string.IsNullOrWhiteSpace(otlpEndpoint) && !Uri.IsWellFormedUriString(otlpEndpoint, UriKind.Absolute))
        {
            throw new InvalidConfigurationException($"OpenTelemetry:OtlpEndpoint must be an absolute URI, e.g. http://collector:4317 (got '{otlpEndpoint}').");
        }

        // Spans cost every request and every event something (a span per SQL command about as much as
        // the command itself): record them when traces leave the process (or when asked), not for traces
        // nobody collects. Without them the trace context still flows: ASP.NET Core starts an activity
        // for the logs' trace ids, the outbox row keeps it, and the Kafka record carries it on.
        var exported = !string.IsNullOrWhiteSpace(otlpEndpoint);
        var traces = options.Traces ?? exported;
        var traceDatabaseCommands = traces && (options.TraceDatabaseCommands ?? exported);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                if (traces)
                {
                    tracing
                        .AddAspNetCoreInstrumentation(http => http.Filter = context => !IsOperational(context.Request.Path))
                        .AddSource(MessagingTelemetry.SourceName, "MassTransit");
                }

                if (traceDatabaseCommands)
                {
                    tracing.AddEntityFrameworkCoreInstrumentation();
                }
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    tracing.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(otlpEndpoint));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(MessagingMetrics.MeterName)
                    .AddMeter(GroupCommitMetrics.MeterName)
                    .AddView(CardinalityLimit)
                    .AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlpEndpoint))
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(otlpEndpoint));
                }
            });
        return builder;
    }

    /// <summary>
    /// Builds the tracer provider now, before the module initializers touch the databases, instead of
    /// when the host starts. EF Core remembers in each DbContext, for a second (its LoggingCacheTime),
    /// that nobody listens to its commands, and a pooled context keeps that memory: a context the
    /// migrations used before the database instrumentation subscribed left the commands it ran in the
    /// host's first second untraced, requests' commands among them.
    /// </summary>
    public static void StartTracing(this WebApplication app) => app.Services.GetService<TracerProvider>();

    /// <summary>
    /// Each metric stream allocates up front the points its cardinality limit allows (2,000 by default,
    /// about 144 KB), and the runtime's, ASP.NET Core's, Kestrel's and ours make some sixty streams: 10 MB
    /// of the heap for tag combinations that never occur, measured in the benchmark's peak RSS (ADR 0040).
    /// Those streams carry a handful of combinations each (a module, a database, a generation); the HTTP
    /// server's (route × method × status) keep the default. Past its limit a stream still counts, under
    /// OpenTelemetry's overflow attribute.
    /// </summary>
    private static MetricStreamConfiguration? CardinalityLimit(Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" ? null : new MetricStreamConfiguration { CardinalityLimit = 200 };

    // Probes and scrapes would drown the traces of real requests.
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
