using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.Data;

internal abstract class OrdersDbContext(DbContextOptions options) : ModuleDbContext(options, schema: "orders")
{
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<KnownUser> KnownUsers => Set<KnownUser>();
}

/// <summary>The Orders context on SQLite: its migrations are in <c>Migrations/Sqlite</c>.</summary>
internal sealed class OrdersSqliteDbContext(DbContextOptions<OrdersSqliteDbContext> options) : OrdersDbContext(options);

/// <summary>The Orders context on PostgreSQL: its migrations are in <c>Migrations/PostgreSql</c>.</summary>
internal sealed class OrdersPostgreSqlDbContext(DbContextOptions<OrdersPostgreSqlDbContext> options) : OrdersDbContext(options);
