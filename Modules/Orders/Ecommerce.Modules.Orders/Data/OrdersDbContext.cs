using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Modules.Shared.Http.Idempotency;
using Ecommerce.Modules.Shared.Messaging;
using Ecommerce.Modules.Shared.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.Data;

internal sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : ModuleDbContext(options)
{
    public const string Schema = "orders";

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<KnownUser> KnownUsers => Set<KnownUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrdersDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotencyKeys();
    }
}
