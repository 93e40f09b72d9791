using System.Text.Json.Serialization;
using Ecommerce.Modules.Orders;
using Ecommerce.Modules.Shared;
using Ecommerce.Modules.Shared.Http;
using Ecommerce.Modules.Shared.Messaging;
using Ecommerce.Modules.Shared.Messaging.Kafka;
using Ecommerce.Modules.Users;
using Scalar.AspNetCore;

if (args is [StandaloneKafkaBroker.Command, ..])
{
    await StandaloneKafkaBroker.RunAsync(args[1..]);
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Http:MaxRequestBodyBytes", 64 * 1024));

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

builder.Services.AddUsersModule();
builder.Services.AddOrdersModule();
builder.Services.AddMessaging(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();

app.MapUsersEndpoints();
app.MapOrdersEndpoints();

foreach (var module in app.Services.GetServices<IModuleInitializer>())
{
    await module.InitializeAsync(app.Lifetime.ApplicationStopping);
}

await app.RunAsync();

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
