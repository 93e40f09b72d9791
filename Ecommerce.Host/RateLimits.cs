using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Ecommerce.Platform;
using Ecommerce.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Ecommerce.Host;

/// <summary>
/// How many writes a caller may make (<c>RateLimiting</c>): each endpoint names its kind of write where it
/// is mapped (<see cref="RateLimitPolicies"/>), and here each kind gets a fixed window of permits per
/// caller. Over it: 429 as a ProblemDetails, with <c>Retry-After</c>. Reads are not limited.
/// </summary>
internal static class RateLimits
{
    /// <returns>Whether the limiter is on: the pipeline then needs <c>UseRateLimiter</c>, after authentication.</returns>
    public static bool AddRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitingOptions.SectionName).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        Validate(options.Writes, "Writes");
        Validate(options.SignUp, "SignUp");
        if (!options.IsEnabledIn(builder.Environment))
        {
            // No limiter at all: the endpoints' policy names are then metadata nothing reads.
            return false;
        }

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicies.Writes, new CallerRateLimitPolicy(options.Writes, "writes"));
            limiter.AddPolicy(RateLimitPolicies.SignUp, new CallerRateLimitPolicy(options.SignUp, "sign-ups"));
        });
        return true;
    }

    private static void Validate(FixedWindowLimit limit, string name)
    {
        if (limit.PermitLimit <= 0)
        {
            throw new InvalidConfigurationException($"RateLimiting:{name}:PermitLimit must be positive.");
        }

        if (limit.Window <= TimeSpan.Zero)
        {
            throw new InvalidConfigurationException($"RateLimiting:{name}:Window must be positive.");
        }
    }
}

/// <summary>A fixed window of <see cref="FixedWindowLimit.PermitLimit"/> requests per caller (<see cref="CallerPartition"/>).</summary>
internal sealed class CallerRateLimitPolicy(FixedWindowLimit limit, string what) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(CallerPartition.Of(httpContext), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            // Refused at once, never held: a caller over its limit learns it now, and holds no connection.
            QueueLimit = 0,
        });

    private async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        // .NET 10's fixed window says a whole window here, wherever in it the caller is: an upper bound, never too soon.
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var leaseRetryAfter) ? leaseRetryAfter : limit.Window;
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // TryWrite: a client accepting no JSON still gets the status and Retry-After, with no body.
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This caller has made its {limit.PermitLimit} {what} allowed per {Describe(limit.Window)}. Nothing was done; retry after {seconds} s.",
            },
        });
    }

    private static string Describe(TimeSpan window) => window switch
    {
        { TotalSeconds: < 60 } => $"{window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
        { TotalMinutes: var minutes } when minutes == Math.Floor(minutes) => $"{minutes.ToString(CultureInfo.InvariantCulture)} min",
        _ => window.ToString("c", CultureInfo.InvariantCulture),
    };
}

/// <summary>Who a request counts against: the signed-in user, or else the address it comes from.</summary>
internal static class CallerPartition
{
    public static string Of(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && user.FindFirst(Callers.SubjectClaim)?.Value is { Length: > 0 } id)
        {
            return $"user:{id}";
        }

        // No address: an in-process test server, or a Unix socket behind a proxy. Such callers share one budget.
        return context.Connection.RemoteIpAddress is { } address ? $"address:{Network(address)}" : "address:unknown";
    }

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64, the block one subscriber is usually given, so a
    /// caller cannot get a fresh budget by moving to another address of its own.
    /// </summary>
    internal static string Network(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
