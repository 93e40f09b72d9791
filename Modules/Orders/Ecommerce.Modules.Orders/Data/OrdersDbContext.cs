using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.Data;

internal sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : ModuleDbContext(options, schema: "orders")
{
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<KnownUser> KnownUsers => Set<KnownUser>();
}
