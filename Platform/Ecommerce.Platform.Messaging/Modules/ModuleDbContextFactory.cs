using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ecommerce.Platform.Messaging.Modules;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a module's model without starting the host. A module
/// declares one in a line: <c>internal sealed class UsersDbContextFactory : ModuleDbContextFactory&lt;UsersDbContext&gt;;</c>
/// </summary>
public abstract class ModuleDbContextFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : ModuleDbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=design-time.db").Options)!;
}
