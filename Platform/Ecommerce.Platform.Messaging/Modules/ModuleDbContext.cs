using Ecommerce.Platform.Idempotency;
using Ecommerce.Platform.Messaging.Inbox;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Platform.Messaging.Modules;

/// <summary>
/// A module's DbContext: the module's own tables (every <c>IEntityTypeConfiguration</c> in its
/// assembly) in its own schema, plus the plumbing every module keeps in the same database, so it
/// commits in the same transaction as the module's state: the outbox (and who relays it), the inbox and
/// idempotency keys.
/// </summary>
/// <param name="schema">The schema owning all of the module's tables. SQLite has none (each module's file is
/// its schema), so there it is only declared.</param>
public abstract class ModuleDbContext(DbContextOptions options, string schema) : QueuedWritesDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(schema);
        modelBuilder.ApplyConfigurationsFromAssembly(GetType().Assembly);
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxRelayLeaseConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.AddIdempotencyKeys();
    }
}
