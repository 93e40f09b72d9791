using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Persistence;

public enum DatabaseProvider
{
    /// <summary>One SQLite file per module in <see cref="DatabaseOptions.DataDirectory"/>: embedded, one host instance.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database (<c>ConnectionStrings:Ecommerce</c>), one schema per module: any number of instances.</summary>
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite: the folder holding one file per module; relative paths are under the host's content root.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>SQLite: how long a write waits for the file's single writer lock before failing.</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;
}

/// <summary>The connection strings the host reads (<c>ConnectionStrings</c>).</summary>
public sealed class ConnectionStringsOptions
{
    public const string SectionName = "ConnectionStrings";

    /// <summary>PostgreSQL: the one database every module's schema lives in, e.g. <c>Host=db;Database=ecommerce;Username=ecommerce;Password=…</c>.</summary>
    public string? Ecommerce { get; set; }

    public static string? EcommerceIn(IConfiguration configuration) => configuration.GetConnectionString(nameof(Ecommerce));
}

internal sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Database:DataDirectory is required: the folder for the modules' SQLite files.");
        }

        if (options.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionStringsOptions.EcommerceIn(configuration)))
        {
            failures.Add("ConnectionStrings:Ecommerce is required with Database:Provider=PostgreSql: the database every module's schema lives in.");
        }

        if (options.BusyTimeoutSeconds <= 0)
        {
            failures.Add("Database:BusyTimeoutSeconds must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
