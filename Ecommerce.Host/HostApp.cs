using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ecommerce.Platform;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.InMemory;
using Scalar.AspNetCore;

namespace Ecommerce.Host;

/// <summary>The composition of the host: its HTTP pipeline, its modules, the messaging pipeline and its transport.</summary>
public static class HostApp
{
    /// <summary>The host with every enabled module, on the configured transport; the caller runs it.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        var http = builder.Configuration.GetSection(HttpServerOptions.SectionName).Get<HttpServerOptions>() ?? new HttpServerOptions();
        if (http.MaxRequestBodyBytes <= 0)
        {
            throw new InvalidConfigurationException("Http:MaxRequestBodyBytes must be positive.");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = http.MaxRequestBodyBytes);
        // On SIGTERM: stop taking requests, finish those in flight and the consumers' batches, send what the
        // outboxes hold, commit offsets; whatever is left after this long is picked up at the next start.
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.SectionName).Get<ShutdownOptions>() ?? new ShutdownOptions();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.Timeout);
        builder.AddTelemetry();

        builder.Services.AddSingleton<TimeProvider>(new MicrosecondClock());
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // "12" is not a number: wrong types are a 400, not silently coerced.
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        // Binding failures throw, so ClientErrorExceptionHandler can answer them as ProblemDetails.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClientErrorExceptionHandler>();
        builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
        builder.AddBearerAuthentication();
        builder.Services.AddOpenApi(options => options.AddBearerScheme());
        var apiDocs = (builder.Configuration.GetSection(ApiDocsOptions.SectionName).Get<ApiDocsOptions>() ?? new ApiDocsOptions()).IsEnabledIn(builder.Environment);
        var managementPort = builder.AddManagementPort();
        var rateLimited = builder.AddRateLimits();

        var modules = ModuleCatalog.Enabled(builder.Configuration);
        foreach (var module in modules)
        {
            module.AddServices(builder.Services);
        }

        // Each module's endpoints read and write JSON through its source-generated context (ProblemDetails
        // through ASP.NET Core's), so the reflection resolver goes: a type no context declares fails the
        // tests instead of quietly costing reflection.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            var chain = json.SerializerOptions.TypeInfoResolverChain;
            foreach (var reflection in chain.OfType<DefaultJsonTypeInfoResolver>().ToList())
            {
                chain.Remove(reflection);
            }
        });

        builder.Services.AddMessaging();
        if (MessagingOptions.TransportIn(builder.Configuration) == MessagingTransport.InMemory)
        {
            if (!builder.Environment.AllowsInMemoryInfrastructure())
            {
                throw new InvalidConfigurationException(
                    $"Messaging:Transport=InMemory is for tests only: it loses every event on restart (environment '{builder.Environment.EnvironmentName}').");
            }

            builder.Services.AddInMemoryTransport();
        }
        else
        {
            builder.Services.AddKafkaTransport();
        }

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages(); // also writes 401, 403 and 429 as ProblemDetails
        if (managementPort is { } port)
        {
            app.UseManagementPort(port);
        }

        app.UseAuthentication();
        app.UseAuthorization();
        if (rateLimited)
        {
            // After authentication and authorization (and routing, which WebApplication puts first), so the
            // limiter sees the endpoint's policy and counts a signed-in caller by who they are.
            app.UseRateLimiter();
        }

        if (apiDocs)
        {
            app.MapOpenApi();
            app.MapScalarApiReference(scalar => scalar.AddPreferredSecuritySchemes(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme));
            app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
            app.MapEventDocs();
        }

        var operations = app.MapGroup("").WithMetadata(new ServedOnManagementPort());
        operations.MapHealthEndpoints();
        operations.MapPrometheusScrapingEndpoint("/metrics");

        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }

        return app;
    }
}
