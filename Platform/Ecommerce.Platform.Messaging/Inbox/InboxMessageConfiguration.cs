using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.Platform.Messaging.Inbox;

/// <summary>The inbox table, in the module's own schema: one row per event and consumer that applied it.</summary>
internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> inbox)
    {
        inbox.ToTable("inbox_messages");
        inbox.HasKey(m => new { m.EventId, m.Consumer });
        inbox.Property(m => m.Consumer).HasMaxLength(200);
        inbox.Property(m => m.HandledAt).HasConversion(UnixMilliseconds.Converter);
        // The cleanup deletes by age.
        inbox.HasIndex(m => m.HandledAt);
    }
}
