using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// A DbContext whose writes to a SQLite file this process queues. SQLite allows one writer at a time,
/// and when two connections write at once Microsoft.Data.Sqlite retries the loser with blocking 150 ms
/// sleeps: threads starve and latency spikes. So this process queues its writes to a file here,
/// without blocking a thread, and they reach SQLite one at a time. Reads never wait (WAL).
/// On PostgreSQL there is no queue: the database coordinates its writers itself, across instances,
/// with row locks and constraints, and a write transaction is an ordinary transaction.
/// </summary>
public abstract class QueuedWritesDbContext(DbContextOptions options) : DbContext(options)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new();

    // A pooled instance keeps its provider and its file for life: found once, not on every write.
    private bool? _isSqlite;
    private SemaphoreSlim? _writer;

    protected bool IsSqlite => _isSqlite ??= Database.IsSqlite();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null || Writer() is not { } writer)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); // its transaction holds the writer, or there is no queue
        }

        await writer.WaitAsync(cancellationToken);
        try
        {
            // SQLite runs in-process and synchronously anyway; not yielding while holding the writer
            // keeps its hold as short as the write, however busy the thread pool is.
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            writer.Release();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Database.CurrentTransaction is not null || Writer() is not { } writer)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        writer.Wait();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>Begins a transaction that holds the file's writer (SQLite) until it is committed or disposed.</summary>
    public async Task<WriteTransaction> BeginWriteTransactionAsync(CancellationToken cancellationToken)
    {
        var writer = Writer();
        if (writer is not null)
        {
            await writer.WaitAsync(cancellationToken);
        }

        try
        {
            return new WriteTransaction(await Database.BeginTransactionAsync(cancellationToken), writer);
        }
        catch
        {
            writer?.Release();
            throw;
        }
    }

    /// <summary>
    /// Within a write transaction, makes any other transaction that asks for the same
    /// <paramref name="resource"/> wait until this one ends: on SQLite the file's writer already does;
    /// on PostgreSQL a transaction-scoped advisory lock does, across instances.
    /// </summary>
    public async Task LockAsync(string resource, CancellationToken cancellationToken)
    {
        if (!IsSqlite)
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({resource}, 0))", cancellationToken);
        }
    }

    /// <summary>Runs a write that bypasses SaveChanges (ExecuteUpdate, ExecuteDelete) holding the file's writer (SQLite).</summary>
    public async Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        if (Writer() is not { } writer)
        {
            return await write(cancellationToken);
        }

        await writer.WaitAsync(cancellationToken);
        try
        {
            return await write(cancellationToken);
        }
        finally
        {
            writer.Release();
        }
    }

    // One per database file in this process (the file's own lock is per file too); none on a server database.
    private SemaphoreSlim? Writer() =>
        !IsSqlite ? null : _writer ??= Writers.GetOrAdd(Path.GetFullPath(Database.GetDbConnection().DataSource), _ => new SemaphoreSlim(1, 1));
}

/// <summary>A transaction holding its database file's writer (SQLite); disposing it without a commit rolls back.</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, SemaphoreSlim? writer) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync(); // rolls back unless committed
        }
        finally
        {
            writer?.Release();
        }
    }
}
