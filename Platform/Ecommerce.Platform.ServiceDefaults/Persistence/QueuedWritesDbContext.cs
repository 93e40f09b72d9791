using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// A DbContext whose writes to a SQLite file this process queues and commits in groups. SQLite allows
/// one writer at a time, and when two connections write at once Microsoft.Data.Sqlite retries the loser
/// with blocking 150 ms sleeps: threads starve and latency spikes. So this process's writes to a file take
/// turns, without blocking a thread, and the writes of consecutive turns share one commit
/// (<see cref="SqliteGroupCommit"/>). Reads never wait (WAL).
/// On PostgreSQL there is no queue: the database coordinates its writers itself, across instances,
/// with row locks and constraints (and flushes concurrent commits together itself), and a write
/// transaction is an ordinary transaction.
/// </summary>
public abstract class QueuedWritesDbContext(DbContextOptions options) : DbContext(options)
{
    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> GroupCommits = new();

    // A pooled instance keeps its provider and its file for life: found once, not on every write.
    private bool? _isSqlite;
    private SqliteGroupCommit? _groupCommit;

    protected bool IsSqlite => _isSqlite ??= Database.IsSqlite();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null || GroupCommit() is not { } groupCommit)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); // inside a write already, or no queue
        }

        var turn = await groupCommit.TakeTurnAsync(this, cancellationToken);
        int written;
        try
        {
            // The turn's savepoint is this save's: EF Core's own would only repeat it.
            Database.AutoSavepointsEnabled = false;
            // SQLite runs in-process and synchronously anyway; not yielding while holding the turn
            // keeps it as short as the write, however busy the thread pool is.
            written = base.SaveChanges(acceptAllChangesOnSuccess: false);
        }
        catch
        {
            await turn.EndAsync(keep: false);
            throw;
        }
        finally
        {
            Database.AutoSavepointsEnabled = true;
        }

        // Returns once the group has committed; throws, with nothing written, if its commit failed.
        await turn.EndAsync(keep: true);
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }

        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        Database.CurrentTransaction is not null || GroupCommit() is null
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Begins a write of several steps: on SQLite, a turn in the file's group commit (its own savepoint,
    /// committed with its group); on PostgreSQL, a transaction. Disposing it without a commit undoes it.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteTransactionAsync(CancellationToken cancellationToken) =>
        GroupCommit() is { } groupCommit
            ? new WriteTransaction(await groupCommit.TakeTurnAsync(this, cancellationToken))
            : new WriteTransaction(await Database.BeginTransactionAsync(cancellationToken));

    /// <summary>
    /// Within a write transaction, makes any other transaction that asks for the same
    /// <paramref name="resource"/> wait until this one ends: on SQLite the turn already does;
    /// on PostgreSQL a transaction-scoped advisory lock does, across instances.
    /// </summary>
    public async Task LockAsync(string resource, CancellationToken cancellationToken)
    {
        if (!IsSqlite)
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({resource}, 0))", cancellationToken);
        }
    }

    /// <summary>Runs a write that bypasses SaveChanges (ExecuteUpdate, ExecuteDelete) in a turn of the file's group commit (SQLite).</summary>
    public async Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        if (GroupCommit() is not { } groupCommit)
        {
            return await write(cancellationToken);
        }

        var turn = await groupCommit.TakeTurnAsync(this, cancellationToken);
        T result;
        try
        {
            result = await write(cancellationToken);
        }
        catch
        {
            await turn.EndAsync(keep: false);
            throw;
        }

        await turn.EndAsync(keep: true);
        return result;
    }

    /// <summary>The group commit of a SQLite file in this process, if anything wrote to it.</summary>
    internal static SqliteGroupCommit? GroupCommitOf(string path) => GroupCommits.GetValueOrDefault(Path.GetFullPath(path));

    // One per database file in this process (the file's own lock is per file too); none on a server database.
    private SqliteGroupCommit? GroupCommit()
    {
        if (!IsSqlite)
        {
            return null;
        }

        return _groupCommit ??= GroupCommits.GetOrAdd(
            Path.GetFullPath(Database.GetDbConnection().DataSource), _ => new SqliteGroupCommit(Database.GetConnectionString()!));
    }
}

/// <summary>A write of several steps: a turn of its file's group commit (SQLite) or a transaction; disposing it without a commit undoes it.</summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly SqliteGroupCommit.Turn? _turn;
    private readonly IDbContextTransaction? _transaction;

    internal WriteTransaction(SqliteGroupCommit.Turn turn) => _turn = turn;

    internal WriteTransaction(IDbContextTransaction transaction) => _transaction = transaction;

    /// <summary>Commits; on SQLite, returns once the group it joined has committed.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) =>
        _turn?.EndAsync(keep: true) ?? _transaction!.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_turn is not null)
        {
            await _turn.EndAsync(keep: false); // nothing once committed
        }
        else
        {
            await _transaction!.DisposeAsync(); // rolls back unless committed
        }
    }
}
