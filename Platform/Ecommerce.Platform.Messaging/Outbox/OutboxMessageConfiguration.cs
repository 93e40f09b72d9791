using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>The outbox table, in the module's own schema.</summary>
internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> outbox)
    {
        outbox.ToTable("outbox_messages");
        outbox.HasKey(m => m.Sequence);
        outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
        outbox.Property(m => m.Type).HasMaxLength(300);
        outbox.Property(m => m.Key).HasMaxLength(100);
        outbox.Property(m => m.TraceParent).HasMaxLength(55);
        outbox.Property(m => m.TraceState).HasMaxLength(512);
        outbox.Property(m => m.OccurredAt).HasConversion(UnixMilliseconds.Converter);
        outbox.Property(m => m.DispatchedAt).HasConversion(UnixMilliseconds.Converter);
        outbox.Property(m => m.ParkedAt).HasConversion(UnixMilliseconds.Converter);
        outbox.Property(m => m.LastError).HasMaxLength(2000);
        // The relay reads pending rows in commit order: a partial index keeps that read small
        // however many dispatched rows are kept.
        outbox.HasIndex(m => m.Sequence).HasFilter("\"DispatchedAt\" IS NULL").HasDatabaseName("IX_outbox_messages_pending");
        // The relay asks on every pass which aggregates wait behind a parked event: usually none.
        outbox.HasIndex(m => m.Key).HasFilter("\"ParkedAt\" IS NOT NULL").HasDatabaseName("IX_outbox_messages_parked");
    }
}
