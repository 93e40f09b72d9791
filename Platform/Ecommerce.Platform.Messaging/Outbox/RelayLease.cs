using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// This instance's hold on one module's <see cref="OutboxRelayLease"/>. Taking or renewing it is one
/// conditional UPDATE (owner is me, or the lease has expired), which the database serializes: of two
/// instances, at most one gets it. The holder renews it once half its duration has passed, so the row
/// is written a few times a minute, not on every relay pass. An instance that does not hold it looks
/// again when the holder's lease would expire (or when told it was released), not on every wake-up.
/// Instances' clocks are assumed to agree to well within the lease duration.
/// </summary>
internal sealed class RelayLease(ModuleManifest module, IServiceScopeFactory scopes, TimeProvider clock, TimeSpan duration)
{
    private DateTimeOffset _heldUntil = DateTimeOffset.UnixEpoch;

    // While another instance holds it: not worth asking before this.
    private DateTimeOffset _nextTry = DateTimeOffset.UnixEpoch;

    /// <summary>Who this relay is, to the lease table: unique even for several hosts in one process (tests).</summary>
    private readonly string _me = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public bool Held => clock.GetUtcNow() < _heldUntil;

    /// <summary>True when this instance holds the lease (taking or renewing it as needed).</summary>
    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_heldUntil - now > duration / 2)
        {
            return true; // renewed recently enough
        }

        if (!Held && now < _nextTry)
        {
            return false; // another instance holds it, and will for a while yet
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = module.DbContextIn(scope.ServiceProvider);
        var leases = db.Set<OutboxRelayLease>();
        var expiresAt = now + duration;
        var taken = await db.WriteAsync(token => leases
            .Where(l => l.Id == OutboxRelayLease.TheLease && (l.Owner == _me || l.ExpiresAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Owner, _me).SetProperty(l => l.ExpiresAt, expiresAt), token), ct);
        if (taken == 1)
        {
            _heldUntil = expiresAt;
            return true;
        }

        _heldUntil = DateTimeOffset.UnixEpoch;
        var holderExpiresAt = await leases.AsNoTracking().Where(l => l.Id == OutboxRelayLease.TheLease).Select(l => l.ExpiresAt).SingleAsync(ct);
        _nextTry = holderExpiresAt < now + duration ? holderExpiresAt : now + duration;
        return false;
    }

    /// <summary>The holder gave the lease up: ask at once rather than when it would have expired.</summary>
    public void TryAgainNow() => _nextTry = DateTimeOffset.UnixEpoch;

    /// <summary>Gives the lease up, so another instance takes over at once rather than after it expires.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        if (!Held)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = module.DbContextIn(scope.ServiceProvider);
        await db.WriteAsync(token => db.Set<OutboxRelayLease>()
            .Where(l => l.Id == OutboxRelayLease.TheLease && l.Owner == _me)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, DateTimeOffset.UnixEpoch), token), ct);
        _heldUntil = DateTimeOffset.UnixEpoch;
    }
}
