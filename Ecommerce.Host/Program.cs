using System.Text.Json.Serialization;
using Ecommerce.Host;
using Ecommerce.Modules.Orders;
using Ecommerce.Modules.Shared;
using Ecommerce.Modules.Shared.Http;
using Ecommerce.Modules.Shared.Messaging;
using Ecommerce.Modules.Shared.Messaging.Kafka;
using Ecommerce.Modules.Users;
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

var maxRequestBodyBytes = builder.Configuration.GetValue("Http:MaxRequestBodyBytes", 64 * 1024);
if (maxRequestBodyBytes <= 0)
{
    throw new InvalidOperationException("Http:MaxRequestBodyBytes must be positive.");
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes);
// On SIGTERM: stop taking requests, finish those in flight and the consumers' batches, send what the
// outboxes hold, commit offsets; whatever is left after this long is picked up at the next start.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = builder.Configuration.GetValue("Shutdown:Timeout", TimeSpan.FromSeconds(30)));
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

var modules = EnabledModules.From(builder.Configuration);
if (modules.Users)
{
    builder.Services.AddUsersModule();
}

if (modules.Orders)
{
    builder.Services.AddOrdersModule();
}

builder.Services.AddMessaging(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
app.MapHealthEndpoints();
app.MapPrometheusScrapingEndpoint("/metrics");

if (modules.Users)
{
    app.MapUsersEndpoints();
}

if (modules.Orders)
{
    app.MapOrdersEndpoints();
}

foreach (var module in app.Services.GetServices<IModuleInitializer>())
{
    await module.InitializeAsync(app.Lifetime.ApplicationStopping);
}

await app.RunAsync();
return 0;

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
