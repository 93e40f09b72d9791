using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// Registers a module's DbContext on the configured database (<see cref="DatabaseOptions.Provider"/>)
/// and migrates it at startup. The module's code uses <typeparamref name="TContext"/>; the instance is
/// the provider's own subclass (<typeparamref name="TSqlite"/> or <typeparamref name="TPostgreSql"/>),
/// because EF Core keeps one migration set per context type: one per provider, the standard way.
/// Anything configured for <typeparamref name="TContext"/> (<c>ConfigureDbContext&lt;TContext&gt;</c>:
/// interceptors, tests' faults) applies to both.
/// </summary>
public static class ModuleDatabase
{
    public static IServiceCollection AddModuleDatabase<TContext, TSqlite, TPostgreSql>(this IServiceCollection services, string schema)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgreSql : TContext
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        // Once, however many modules call this.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());

        services.AddDbContextPool<TSqlite>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var environment = provider.GetRequiredService<IHostEnvironment>();
            var path = Path.Combine(Path.GetFullPath(database.DataDirectory, environment.ContentRootPath), $"{schema}.db");
            options.UseSqlite(SqliteConnectionString(path, database.BusyTimeoutSeconds))
                .AddInterceptors(SqlitePragmas.Instance)
                // SQLite has no schemas: the module's file is its schema.
                .ConfigureWarnings(w => w.Ignore(SqliteEventId.SchemaConfiguredWarning));
            ConfigureShared<TContext>(provider, options);
        });
        services.AddDbContextPool<TPostgreSql>((provider, options) =>
        {
            var connectionString = ConnectionStringsOptions.EcommerceIn(provider.GetRequiredService<IConfiguration>());
            // Every table of the module, EF's migration history included, lives in the module's schema.
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", schema));
            ConfigureShared<TContext>(provider, options);
        });
        services.AddScoped<TContext>(provider => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite
            ? provider.GetRequiredService<TSqlite>()
            : provider.GetRequiredService<TPostgreSql>());
        services.AddSingleton<IModuleInitializer, DatabaseMigrator<TContext>>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"database:{schema}", tags: [HealthTags.Ready]);
        return services;
    }

    public static string SqliteConnectionString(string path, int busyTimeoutSeconds) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            // Microsoft.Data.Sqlite retries a busy database for this long before giving up.
            DefaultTimeout = busyTimeoutSeconds,
            Pooling = true,
        }.ToString();

    /// <summary>What both providers share: the module's own configuration, and quiet expected failures.</summary>
    private static void ConfigureShared<TContext>(IServiceProvider provider, DbContextOptionsBuilder options)
        where TContext : DbContext
    {
        // A unique-key violation is an expected 409, not an error to log; real failures still reach
        // the exception handler, which logs them.
        options.ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)));
        foreach (var configuration in provider.GetServices<IDbContextOptionsConfiguration<TContext>>())
        {
            configuration.Configure(provider, options);
        }
    }

    private sealed class DatabaseMigrator<TContext>(IServiceScopeFactory scopes) : IModuleInitializer
        where TContext : DbContext
    {
        public async Task InitializeAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            if (!db.Database.IsSqlite())
            {
                await MigrateInTurnsAsync(db, cancellationToken);
                return;
            }

            var path = db.Database.GetDbConnection().DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await db.Database.MigrateAsync(cancellationToken);
            // WAL is a property of the file: readers never block the writer, and commits are cheaper.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// Instances starting together take turns, each holding a session advisory lock for the whole
    /// migration. EF Core's own lock is taken per migration's transaction: with two pending
    /// migrations, a second instance could apply the second one between the first instance's two,
    /// and the first then failed applying it again ("column already exists").
    /// </summary>
    private static async Task MigrateInTurnsAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Its own physical connection, outside the pool: closing it ends the session and so releases
        // the lock, on every path out of here, a crash included.
        var unpooled = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        await using var session = new NpgsqlConnection(unpooled.ConnectionString);
        await session.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@name, 0))", session))
        {
            take.Parameters.AddWithValue("name", $"ecommerce.migrations:{db.GetType().Name}");
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Applies <see cref="SqliteConnectionSettings"/> to every connection EF Core opens.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            SqliteConnectionSettings.Apply((SqliteConnection)connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            SqliteConnectionSettings.Apply((SqliteConnection)connection);
            return Task.CompletedTask;
        }
    }
}
