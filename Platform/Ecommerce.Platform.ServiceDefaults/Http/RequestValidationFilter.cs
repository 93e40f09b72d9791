using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Http;

public static class RequestValidationFilter
{
    /// <summary>
    /// Runs the registered FluentValidation validator for <typeparamref name="TRequest"/> before the
    /// handler, answering 400 with per-field errors (keyed by the JSON field name) so a handler only ever sees valid input.
    /// </summary>
    public static RouteHandlerBuilder ValidateRequest<TRequest>(this RouteHandlerBuilder builder) =>
        builder
            .AddEndpointFilter(async (context, next) =>
            {
                var request = context.Arguments.OfType<TRequest>().Single();
                var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<TRequest>>();
                var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
                return result.IsValid
                    ? await next(context)
                    : TypedResults.ValidationProblem(result.Errors
                        .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
                        .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));
            })
            .ProducesValidationProblem();
}
