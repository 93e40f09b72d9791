using System.Security.Claims;

namespace Ecommerce.Platform.Http;

/// <summary>
/// Who is calling, from the bearer token the host validated: a token's <c>sub</c> is the user's id,
/// and the <c>admin</c> role is the operator. Endpoints decide with these what a caller may see and do:
/// a user reads and changes only what is theirs, and what is someone else's does not exist for them
/// (404, so ids cannot be probed); the operator reads everything.
/// </summary>
public static class Callers
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string AdminRole = "admin";

    /// <summary>The authorization policy of operator-only endpoints.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>The calling user's id; null when anonymous, or when the subject is not a user id (an operator's own account, say).</summary>
    public static Guid? UserId(this ClaimsPrincipal caller) =>
        Guid.TryParse(caller.FindFirst(SubjectClaim)?.Value, out var id) ? id : null;

    public static bool IsAdmin(this ClaimsPrincipal caller) => caller.IsInRole(AdminRole);

    /// <summary>Whether the caller is the user who owns a resource.</summary>
    public static bool Owns(this ClaimsPrincipal caller, Guid ownerId) => caller.UserId() == ownerId;

    /// <summary>Reads are for the owner and the operator.</summary>
    public static bool MayRead(this ClaimsPrincipal caller, Guid ownerId) => caller.Owns(ownerId) || caller.IsAdmin();
}
