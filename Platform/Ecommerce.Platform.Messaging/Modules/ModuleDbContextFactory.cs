using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ecommerce.Platform.Messaging.Modules;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a module's model for one provider without starting the host.
/// A module declares one per provider, in a line each:
/// <c>internal sealed class UsersSqliteDbContextFactory : SqliteDbContextFactory&lt;UsersSqliteDbContext&gt;;</c>
/// </summary>
public abstract class SqliteDbContextFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : ModuleDbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=design-time.db").Options)!;
}

/// <inheritdoc cref="SqliteDbContextFactory{TContext}"/>
public abstract class PostgreSqlDbContextFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : ModuleDbContext
{
    // Adding a migration builds the model only; nothing connects to this server.
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseNpgsql("Host=localhost;Database=design-time").Options)!;
}
