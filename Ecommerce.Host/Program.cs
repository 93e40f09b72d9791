using System.Text.Json.Serialization;
using Ecommerce.Host;
using Ecommerce.Platform;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.InMemory;
using Scalar.AspNetCore;

switch (args)
{
    case [StandaloneKafkaBroker.Command, ..]:
        await StandaloneKafkaBroker.RunAsync(args[1..]);
        return 0;
    case [Health.ProbeCommand, ..]:
        return await Health.ProbeAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);

var http = builder.Configuration.GetSection(HttpServerOptions.SectionName).Get<HttpServerOptions>() ?? new HttpServerOptions();
if (http.MaxRequestBodyBytes <= 0)
{
    throw new InvalidOperationException("Http:MaxRequestBodyBytes must be positive.");
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = http.MaxRequestBodyBytes);
// On SIGTERM: stop taking requests, finish those in flight and the consumers' batches, send what the
// outboxes hold, commit offsets; whatever is left after this long is picked up at the next start.
var shutdown = builder.Configuration.GetSection(ShutdownOptions.SectionName).Get<ShutdownOptions>() ?? new ShutdownOptions();
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.Timeout);
builder.AddTelemetry();

builder.Services.AddSingleton(TimeProvider.System);
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
builder.Services.AddOpenApi();

var modules = ModuleCatalog.Enabled(builder.Configuration);
foreach (var module in modules)
{
    module.AddServices(builder.Services);
}

builder.Services.AddMessaging();
if (MessagingOptions.TransportIn(builder.Configuration) == MessagingTransport.InMemory)
{
    builder.Services.AddInMemoryTransport();
}
else
{
    builder.Services.AddKafkaTransport();
}

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
app.MapHealthEndpoints();
app.MapPrometheusScrapingEndpoint("/metrics");

foreach (var module in modules)
{
    module.MapEndpoints(app);
}

foreach (var initializer in app.Services.GetServices<IModuleInitializer>())
{
    await initializer.InitializeAsync(app.Lifetime.ApplicationStopping);
}

await app.RunAsync();
return 0;

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
