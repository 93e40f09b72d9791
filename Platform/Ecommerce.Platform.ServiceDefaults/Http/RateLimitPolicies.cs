namespace Ecommerce.Platform.Http;

/// <summary>
/// The kinds of write an endpoint declares where it is mapped (<c>.RequireRateLimiting(RateLimitPolicies.Writes)</c>);
/// the host decides how many of each a caller may make (<c>RateLimiting</c> in its configuration). Reads name none.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>A write by a caller: placing or cancelling an order.</summary>
    public const string Writes = "writes";

    /// <summary>Creating an account: anonymous by nature, so held to a stricter limit.</summary>
    public const string SignUp = "sign-up";
}
