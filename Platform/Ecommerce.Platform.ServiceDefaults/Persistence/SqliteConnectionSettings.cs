using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Ecommerce.Platform.Persistence;

/// <summary>Per-connection settings SQLite does not keep in the file, applied once per physical connection.</summary>
public static class SqliteConnectionSettings
{
    // A pooled SqliteConnection reopens the same native connection, which keeps its settings.
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    // In WAL mode NORMAL is durable against application crashes; only an OS crash may lose the last commits.
    public static void Apply(SqliteConnection connection)
    {
        var native = connection.Handle!;
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
