using Ecommerce.Modules.Orders.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.KnownUsers;

internal static class KnownUserRegistration
{
    /// <summary>
    /// Records that a user exists, idempotently, without saving: the caller commits it together with
    /// whatever else belongs to the same unit of work (the consumer commits it with its inbox row).
    /// </summary>
    public static async Task RememberUserAsync(this OrdersDbContext db, Guid userId, DateTimeOffset knownSince, CancellationToken ct)
    {
        var known = db.KnownUsers.Local.Any(u => u.UserId == userId)
            || await db.KnownUsers.AnyAsync(u => u.UserId == userId, ct);
        if (!known)
        {
            db.KnownUsers.Add(new KnownUser { UserId = userId, KnownSince = knownSince });
        }
    }
}
