using Ecommerce.Modules.Users.OrderSummaries;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Users.Data;

internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : ModuleDbContext(options, schema: "users")
{
    public DbSet<User> Users => Set<User>();
    public DbSet<OrderSummary> OrderSummaries => Set<OrderSummary>();
}
