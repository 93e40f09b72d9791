using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ecommerce.Platform.Persistence;

/// <summary>What a failed write means, told from the database's own error codes (SQLite's or PostgreSQL's).</summary>
public static class DatabaseErrors
{
    private const int SqliteUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const int SqlitePrimaryKey = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private const int SqliteForeignKey = 787; // SQLITE_CONSTRAINT_FOREIGNKEY

    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteUnique or SqlitePrimaryKey,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    public static bool IsForeignKeyViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteForeignKey,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        _ => false,
    };

    /// <summary>Which unique index or key a unique violation is about, where the database says (PostgreSQL does).</summary>
    public static string? ConstraintOf(DbUpdateException exception) => (exception.InnerException as PostgresException)?.ConstraintName;
}
