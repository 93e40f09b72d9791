using Ecommerce.Modules.Users.OrderSummaries;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Users.Data;

internal abstract class UsersDbContext(DbContextOptions options) : ModuleDbContext(options, schema: "users")
{
    public DbSet<User> Users => Set<User>();
    public DbSet<OrderSummary> OrderSummaries => Set<OrderSummary>();
}

/// <summary>The Users context on SQLite: its migrations are in <c>Migrations/Sqlite</c>.</summary>
internal sealed class UsersSqliteDbContext(DbContextOptions<UsersSqliteDbContext> options) : UsersDbContext(options);

/// <summary>The Users context on PostgreSQL: its migrations are in <c>Migrations/PostgreSql</c>.</summary>
internal sealed class UsersPostgreSqlDbContext(DbContextOptions<UsersPostgreSqlDbContext> options) : UsersDbContext(options);
