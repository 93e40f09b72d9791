using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Persistence;

namespace Ecommerce.Modules.Orders.KnownUsers;

internal static class KnownUserRegistration
{
    // Compiled once: every UserCreated applied asks it.
    private static readonly CompiledPerModel<OrdersDbContext, Guid, bool> IsKnown = new(
        (db, userId, _) => db.KnownUsers.Any(u => u.UserId == userId));

    /// <summary>
    /// Records that a user exists, idempotently, without saving: the caller commits it together with
    /// whatever else belongs to the same unit of work (the consumer commits it with its inbox row).
    /// </summary>
    public static async Task RememberUserAsync(this OrdersDbContext db, Guid userId, DateTimeOffset knownSince, CancellationToken ct)
    {
        if (!await IsKnown.RunAsync(db, userId, ct) && db.KnownUsers.Local.FindEntry(userId) is null)
        {
            // As UTC, the only offset PostgreSQL stores; an event from another producer may carry its own.
            db.KnownUsers.Add(new KnownUser { UserId = userId, KnownSince = knownSince.ToUniversalTime() });
        }
    }
}
