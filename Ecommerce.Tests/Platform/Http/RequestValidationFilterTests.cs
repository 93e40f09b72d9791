using System.Net;
using System.Net.Http.Json;
using Ecommerce.Platform.Http;
using Ecommerce.Tests.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Platform.Http;

/// <summary>
/// The filter validates synchronously when no rule awaits anything; a validator with an async rule
/// (which FluentValidation refuses to run synchronously) still runs, asynchronously.
/// </summary>
public sealed class RequestValidationFilterTests
{
    public sealed record Probe(string? Name);

    private sealed class SynchronousProbeValidator : AbstractValidator<Probe>
    {
        public SynchronousProbeValidator() => RuleFor(p => p.Name).NotEmpty();
    }

    private sealed class AsynchronousProbeValidator : AbstractValidator<Probe>
    {
        public AsynchronousProbeValidator() =>
            RuleFor(p => p.Name).MustAsync(async (name, ct) =>
            {
                await Task.Yield();
                return !string.IsNullOrEmpty(name);
            }).WithMessage("'Name' must not be empty.");
    }

    [Theory]
    [InlineData(typeof(SynchronousProbeValidator))]
    [InlineData(typeof(AsynchronousProbeValidator))]
    public async Task A_request_its_validator_refuses_gets_400_with_the_field_s_errors_and_a_valid_one_reaches_the_handler(Type validatorType)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(typeof(IValidator<Probe>), validatorType);
        await using var app = builder.Build();
        // The request is not the first argument: the filter finds it by its type.
        app.MapPost("/probe", (HttpContext context, Probe probe) => $"hello {probe.Name}").ValidateRequest<Probe>();
        await app.StartAsync();
        var client = app.GetTestClient();

        var refused = await client.PostAsJsonAsync("/probe", new Probe(""));
        var accepted = await client.PostAsJsonAsync("/probe", new Probe("Ada"));

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.ReadProblemAsync()).Errors.Should().ContainKey("name").WhoseValue.Should().ContainSingle().Which.Should().Be("'Name' must not be empty.");
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await accepted.Content.ReadAsStringAsync()).Should().Be("hello Ada");
    }
}
