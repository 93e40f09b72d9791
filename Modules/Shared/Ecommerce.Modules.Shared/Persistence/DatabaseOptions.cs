namespace Ecommerce.Modules.Shared.Persistence;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Folder holding one SQLite file per module; relative paths are under the host's content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long a write waits for SQLite's single writer lock before failing.</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;
}
