using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using FluentValidation.Validators;
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
            .AddEndpointFilterFactory((endpoint, next) =>
            {
                // Decided once, when the endpoint is built, not per request: which argument is the request, and
                // its validator (stateless, a singleton).
                var parameters = endpoint.MethodInfo.GetParameters();
                var index = Array.FindIndex(parameters, p => p.ParameterType == typeof(TRequest));
                if (index < 0)
                {
                    throw new InvalidOperationException($"{endpoint.MethodInfo.Name} takes no {typeof(TRequest).Name} to validate.");
                }

                var validator = endpoint.ApplicationServices.GetRequiredService<IValidator<TRequest>>();
                if (IsSynchronous(validator))
                {
                    // No rule awaits anything: validate without a task, and go on to the handler without a state machine.
                    return context => validator.Validate(context.GetArgument<TRequest>(index)) is { IsValid: false } invalid
                        ? ValueTask.FromResult<object?>(Problem(invalid))
                        : next(context);
                }

                return async context =>
                {
                    var result = await validator.ValidateAsync(context.GetArgument<TRequest>(index), context.HttpContext.RequestAborted);
                    return result.IsValid ? await next(context) : Problem(result);
                };
            })
            .ProducesValidationProblem();

    private static IResult Problem(ValidationResult invalid) =>
        TypedResults.ValidationProblem(invalid.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));

    // FluentValidation refuses to run an async rule synchronously, so anything that may be async (an async
    // condition or check, a nested validator) takes the async path.
    private static bool IsSynchronous(IValidator validator) =>
        validator is IEnumerable<IValidationRule> rules && rules.All(IsSynchronous);

    private static bool IsSynchronous(IValidationRule rule) =>
        !rule.HasAsyncCondition
        && rule.Components.All(c => !c.HasAsyncCondition && !IsAsyncValidator(c.Validator))
        && (rule.DependentRules ?? []).All(IsSynchronous); // null when the rule has none

    private static bool IsAsyncValidator(IPropertyValidator validator) =>
        validator is IChildValidatorAdaptor
        || validator.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncPropertyValidator<,>));
}
