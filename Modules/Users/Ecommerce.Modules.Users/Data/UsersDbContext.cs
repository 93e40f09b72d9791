using Ecommerce.Modules.Shared.Http.Idempotency;
using Ecommerce.Modules.Shared.Messaging;
using Ecommerce.Modules.Shared.Persistence;
using Ecommerce.Modules.Users.OrderSummaries;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Users.Data;

internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : ModuleDbContext(options)
{
    public const string Schema = "users";

    public DbSet<User> Users => Set<User>();
    public DbSet<OrderSummary> OrderSummaries => Set<OrderSummary>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(UsersDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotencyKeys();
    }
}
