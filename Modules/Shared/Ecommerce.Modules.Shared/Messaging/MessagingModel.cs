using Ecommerce.Modules.Shared.Messaging.Inbox;
using Ecommerce.Modules.Shared.Messaging.Outbox;
using Ecommerce.Modules.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Shared.Messaging;

public static class MessagingModel
{
    /// <summary>Adds the outbox and inbox tables to a module's model, in the module's own schema.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
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
            // The relay reads pending rows in commit order: a partial index keeps that read small
            // however many dispatched rows are kept.
            outbox.HasIndex(m => m.Sequence).HasFilter("\"DispatchedAt\" IS NULL").HasDatabaseName("IX_outbox_messages_pending");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.EventId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
            inbox.Property(m => m.HandledAt).HasConversion(UnixMilliseconds.Converter);
        });

        return modelBuilder;
    }
}
