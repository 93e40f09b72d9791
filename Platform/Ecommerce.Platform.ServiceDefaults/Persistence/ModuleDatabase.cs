using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Persistence;

/// <summary>Registers a module's DbContext on its own SQLite file and migrates it at startup.</summary>
public static class ModuleDatabase
{
    public static IServiceCollection AddModuleDatabase<TContext>(this IServiceCollection services, string fileName)
        where TContext : DbContext
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        // Once, however many modules call this.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());

        services.AddDbContextPool<TContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var environment = provider.GetRequiredService<IHostEnvironment>();
            var path = Path.Combine(Path.GetFullPath(database.DataDirectory, environment.ContentRootPath), fileName);
            options.UseSqlite(ConnectionString(path, database.BusyTimeoutSeconds))
                .AddInterceptors(SqlitePragmas.Instance)
                // SQLite has no schemas; the default schema is declared for server databases later.
                .ConfigureWarnings(w => w
                    .Ignore(SqliteEventId.SchemaConfiguredWarning)
                    // A unique-key violation is an expected 409, not an error to log; real failures
                    // still reach the exception handler, which logs them.
                    .Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)));
        });
        services.AddSingleton<IModuleInitializer, DatabaseMigrator<TContext>>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>(
            $"database:{Path.GetFileNameWithoutExtension(fileName)}", tags: [HealthTags.Ready]);
        return services;
    }

    public static string ConnectionString(string path, int busyTimeoutSeconds) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            // Microsoft.Data.Sqlite retries a busy database for this long before giving up.
            DefaultTimeout = busyTimeoutSeconds,
            Pooling = true,
        }.ToString();

    private sealed class DatabaseMigrator<TContext>(IServiceScopeFactory scopes) : IModuleInitializer
        where TContext : DbContext
    {
        public async Task InitializeAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var path = db.Database.GetDbConnection().DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await db.Database.MigrateAsync(cancellationToken);
            // WAL is a property of the file: readers never block the writer, and commits are cheaper.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>Per-connection settings SQLite does not keep in the file, applied once per physical connection.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        // A pooled SqliteConnection reopens the same native connection, which keeps its settings.
        private static readonly ConditionalWeakTable<object, object> Configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        // In WAL mode NORMAL is durable against application crashes; only an OS crash may lose the last commits.
        private static void Apply(DbConnection connection)
        {
            var native = ((SqliteConnection)connection).Handle!;
            if (Configured.TryGetValue(native, out _))
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
            Configured.AddOrUpdate(native, native);
        }
    }
}
