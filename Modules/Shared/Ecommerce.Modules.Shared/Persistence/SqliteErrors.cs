using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Shared.Persistence;

public static class SqliteErrors
{
    private const int ConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const int ConstraintPrimaryKey = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: ConstraintUnique or ConstraintPrimaryKey };
}
