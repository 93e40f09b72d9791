using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Ecommerce.Platform.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a write endpoint: a request repeated with the same key gets the first
/// answer again and changes nothing. The key is saved in the same transaction as the request's
/// effect, and requests with the same key take turns from the check to the commit (SQLite: the module
/// file's writer; PostgreSQL: an advisory lock on the key, across instances), so two racing requests
/// with one key cannot both act: the second waits, finds the key, and replays.
/// Only successful answers are kept: a refused request wrote nothing, so a retry is decided afresh.
/// </summary>
public static class IdempotentRequests
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    private const int MaxKeyLength = 200;

    public static RouteHandlerBuilder Idempotent<TContext>(this RouteHandlerBuilder builder)
        where TContext : QueuedWritesDbContext =>
        // Most requests carry no key: they go straight on, without this filter's async state machine.
        builder.AddEndpointFilter((context, next) => context.HttpContext.Request.Headers.TryGetValue(Header, out var values)
            ? WithKeyAsync<TContext>(context, next, values)
            : next(context));

    private static async ValueTask<object?> WithKeyAsync<TContext>(EndpointFilterInvocationContext context, EndpointFilterDelegate next, StringValues values)
        where TContext : QueuedWritesDbContext
    {
        var http = context.HttpContext;
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || values.Count > 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [Header] = [$"The {Header} header must be one value of 1 to {MaxKeyLength} characters."],
            });
        }

        var services = http.RequestServices;
        var db = services.GetRequiredService<TContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var requestHash = Hash(http.Request, context.Arguments);
        var ct = http.RequestAborted;
        var storedKey = ScopedToTheCaller(key, http.User, requestHash);

        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        // Requests with one key take turns from here to the commit (on SQLite the file's writer does it).
        await db.LockAsync($"idempotency-key:{typeof(TContext).Name}:{storedKey}", ct);
        var stored = await Stored<TContext>.Query.RunAsync(db, storedKey, ct);
        if (stored is not null && stored.ExpiresAt > now)
        {
            return stored.RequestHash == requestHash
                ? new Replay(stored)
                : Problems.Unprocessable($"The {Header} '{key}' was already used for a different request.");
        }

        if (stored is not null)
        {
            db.Remove(stored); // expired: the key is free again
        }

        var result = await next(context);
        if (Answer(result, services) is not { } answer)
        {
            return result; // refused: the transaction rolls back, and the handler wrote nothing anyway
        }

        var expiration = services.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Expiration;
        db.Set<IdempotencyKey>().Add(new IdempotencyKey
        {
            Key = storedKey,
            RequestHash = requestHash,
            StatusCode = answer.Status,
            ResponseBody = answer.Body,
            Location = answer.Location,
            CreatedAt = now,
            ExpiresAt = now + expiration,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The key as stored: one caller's keys never meet another's, so two callers using the same key
    /// neither collide nor see each other's answers. A signed-in caller's keys are theirs (<c>sub</c>).
    /// Anonymous callers (sign-up) cannot be told apart, so their key is scoped to the request itself:
    /// only the very same request is replayed, and its answer tells nothing its sender did not send.
    /// Hashed, so the stored key has a fixed length whatever the client sent.
    /// </summary>
    private static string ScopedToTheCaller(string key, ClaimsPrincipal caller, string requestHash)
    {
        var scope = caller.UserId() is { } user ? $"user:{user:N}" : $"anonymous:{requestHash}";
        return $"{scope}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
    }

    // The fields the handler was given (its request record, route values), not the services it uses nor the caller (the key is scoped to them).
    private static string Hash(HttpRequest request, IList<object?> arguments)
    {
        var fields = arguments.Where(a => a is not null and not DbContext and not TimeProvider and not CancellationToken and not HttpContext and not ClaimsPrincipal);
        var text = $"{request.Method} {request.Path}\n{JsonSerializer.Serialize(fields.ToList())}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A 2xx answer as it will be written: status, JSON body, Location.</summary>
    private static (int Status, string Body, string? Location)? Answer(object? result, IServiceProvider services)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is not IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
        {
            return null;
        }

        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var value = (result as IValueHttpResult)?.Value;
        var location = result.GetType().GetProperty("Location")?.GetValue(result) as string; // Created<T>, Accepted<T>
        return (success.StatusCode!.Value, value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), json), location);
    }

    private sealed class Replay(IdempotencyKey stored) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = stored.StatusCode;
            response.Headers[ReplayedHeader] = "true";
            if (stored.Location is not null)
            {
                response.Headers.Location = stored.Location;
            }

            if (stored.ResponseBody.Length == 0)
            {
                return Task.CompletedTask;
            }

            response.ContentType = "application/json; charset=utf-8";
            return response.WriteAsync(stored.ResponseBody, httpContext.RequestAborted);
        }
    }

    private static class Stored<TContext>
        where TContext : DbContext
    {
        public static readonly CompiledPerModel<TContext, string, IdempotencyKey?> Query = new(
            (db, key, _) => db.Set<IdempotencyKey>().FirstOrDefault(k => k.Key == key));
    }
}
