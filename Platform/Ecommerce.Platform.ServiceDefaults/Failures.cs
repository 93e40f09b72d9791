using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ecommerce.Platform;

/// <summary>What a failure says about its cause.</summary>
public enum FailureKind
{
    /// <summary>The world around the code is in trouble (database unavailable, locked, full or read-only; timeouts):
    /// the same work succeeds once it recovers. Wait and retry; never drop the work.</summary>
    Environment,

    /// <summary>The work itself is at fault (a record that cannot be read or applied): retrying it changes nothing.</summary>
    Work,
}

/// <summary>
/// The one rule that tells a bad environment from bad work. Environmental: SQLite refusing for
/// reasons of its own state (busy, locked, read-only, full, I/O, cannot open, corrupt, a trigger
/// aborting: our schema has none, so a trigger is someone else's guard); PostgreSQL's connection,
/// resource, operator and system error classes, a read-only database, deadlocks and serialization
/// failures; any database error its provider marks transient; timeouts, I/O and socket errors; and
/// a concurrent writer having changed a row this one read (a concurrency token no longer matching);
/// a write rolled back because the SQLite group commit it joined failed.
/// Everything else is the work's fault. Conflicts with a concurrent writer (<see cref="IsConflict"/>)
/// are environmental too, but pass as soon as the work is done again on fresh data.
/// </summary>
public static class Failures
{
    private static readonly HashSet<int> EnvironmentalSqliteCodes =
    [
        5, // SQLITE_BUSY
        6, // SQLITE_LOCKED
        7, // SQLITE_NOMEM
        8, // SQLITE_READONLY
        9, // SQLITE_INTERRUPT
        10, // SQLITE_IOERR
        11, // SQLITE_CORRUPT
        13, // SQLITE_FULL
        14, // SQLITE_CANTOPEN
        15, // SQLITE_PROTOCOL
        26, // SQLITE_NOTADB
    ];

    private const int SqliteConstraintTrigger = 1811; // SQLITE_CONSTRAINT_TRIGGER

    public static FailureKind Classify(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when EnvironmentalSqliteCodes.Contains(sqlite.SqliteErrorCode)
                    || sqlite.SqliteExtendedErrorCode == SqliteConstraintTrigger:
                case PostgresException postgres when IsEnvironmental(postgres.SqlState):
                case DbException { IsTransient: true }:
                case DbUpdateConcurrencyException:
                case Persistence.GroupCommitFailedException:
                case TimeoutException:
                case IOException:
                case SocketException:
                    return FailureKind.Environment;
            }
        }

        return FailureKind.Work;
    }

    public static bool IsEnvironmental(Exception failure) => Classify(failure) == FailureKind.Environment;

    /// <summary>
    /// A concurrent writer got in the way: a row changed since it was read, a deadlock was broken, a
    /// serializable transaction lost, or another transaction inserted the same key first (two instances
    /// applying one event during a rebalance, or both adding a user's first summary). Done again, the
    /// work reads what the other wrote; a key that is taken for good fails again, as the work's fault.
    /// </summary>
    public static bool IsConflict(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException
                || e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }

    // 08 connection, 53 insufficient resources (disk full, out of memory, too many connections),
    // 57 operator intervention (shutdown, cancel), 58 system (I/O); then read-only, serialization, deadlock, lock.
    private static bool IsEnvironmental(string sqlState) =>
        sqlState[..2] is "08" or "53" or "57" or "58"
        || sqlState is PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable;
}
