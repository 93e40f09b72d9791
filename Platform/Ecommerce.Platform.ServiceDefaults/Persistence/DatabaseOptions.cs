using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Persistence;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Folder holding one SQLite file per module; relative paths are under the host's content root.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>How long a write waits for SQLite's single writer lock before failing.</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Database:DataDirectory is required: the folder for the modules' SQLite files.");
        }

        if (options.BusyTimeoutSeconds <= 0)
        {
            failures.Add("Database:BusyTimeoutSeconds must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
