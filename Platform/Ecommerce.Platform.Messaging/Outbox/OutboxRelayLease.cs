using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Who relays a module's outbox: one row per module, held by one host instance at a time until it
/// expires. A lease is data, not a session lock, so it holds behind connection poolers and survives
/// reconnects; a crashed owner simply stops renewing it.
/// </summary>
public sealed class OutboxRelayLease
{
    public const int TheLease = 1;

    public int Id { get; private set; }

    /// <summary>The holding instance (host name, process, a random part); null when released.</summary>
    public string? Owner { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }
}

internal sealed class OutboxRelayLeaseConfiguration : IEntityTypeConfiguration<OutboxRelayLease>
{
    public void Configure(EntityTypeBuilder<OutboxRelayLease> lease)
    {
        lease.ToTable("outbox_relay_lease");
        lease.HasKey(l => l.Id);
        lease.Property(l => l.Id).ValueGeneratedNever();
        lease.Property(l => l.Owner).HasMaxLength(200);
        lease.Property(l => l.ExpiresAt).HasConversion(UnixMilliseconds.Converter);
        lease.HasData(new { Id = OutboxRelayLease.TheLease, Owner = (string?)null, ExpiresAt = DateTimeOffset.UnixEpoch });
    }
}
