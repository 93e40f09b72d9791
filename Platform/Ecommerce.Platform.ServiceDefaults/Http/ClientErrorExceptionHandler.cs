using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Ecommerce.Platform.Http;

/// <summary>
/// Turns request-binding failures (malformed JSON, wrong types, missing body, wrong content type,
/// oversized body) into a ProblemDetails with the status the framework chose, naming the field at
/// fault where there is one. Anything else falls through to the generic 500 without details.
/// </summary>
public sealed class ClientErrorExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        // Kestrel's own rejection (e.g. 413 for an oversized body) arrives wrapped in the binder's 400.
        while (badRequest.InnerException is BadHttpRequestException inner)
        {
            badRequest = inner;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var problem = badRequest.InnerException is JsonException json
            ? InvalidJson(json)
            : new ProblemDetails { Title = "Bad request", Detail = badRequest.Message };
        problem.Status = badRequest.StatusCode;

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails InvalidJson(JsonException json)
    {
        // The reader's own JsonException (inner) means broken syntax; otherwise a value did not fit its field.
        var field = json.InnerException is JsonException ? null : FieldName(json.Path);
        if (field is null)
        {
            return new ProblemDetails
            {
                Title = "Malformed JSON",
                Detail = json.LineNumber is { } line
                    ? $"The request body is not valid JSON (line {line + 1}, byte {json.BytePositionInLine + 1})."
                    : "The request body is not valid JSON.",
            };
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [$"The value of '{field}' has the wrong type or is out of range."],
        })
        {
            Title = "One or more validation errors occurred.",
            Detail = "The request body does not match the expected shape.",
        };
    }

    // "$.totalPrice" -> "totalPrice"; "$" or nothing -> null (the document itself is at fault).
    private static string? FieldName(string? path) =>
        path is null || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
