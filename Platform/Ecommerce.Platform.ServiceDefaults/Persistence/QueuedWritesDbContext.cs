using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// A DbContext on a SQLite file whose writes this process queues. SQLite allows one writer at a time, and when two
/// connections write at once Microsoft.Data.Sqlite retries the loser with blocking 150 ms sleeps:
/// threads starve and latency spikes. So this process queues its writes to a file here, without
/// blocking a thread, and they reach SQLite one at a time. Reads never wait (WAL).
/// </summary>
public abstract class QueuedWritesDbContext(DbContextOptions options) : DbContext(options)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); // its transaction holds the writer
        }

        var writer = Writer();
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
        if (Database.CurrentTransaction is not null)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        var writer = Writer();
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

    /// <summary>Begins a transaction that holds the file's writer until it is committed or disposed.</summary>
    public async Task<WriteTransaction> BeginWriteTransactionAsync(CancellationToken cancellationToken)
    {
        var writer = Writer();
        await writer.WaitAsync(cancellationToken);
        try
        {
            return new WriteTransaction(await Database.BeginTransactionAsync(cancellationToken), writer);
        }
        catch
        {
            writer.Release();
            throw;
        }
    }

    /// <summary>Runs a write that bypasses SaveChanges (ExecuteUpdate, ExecuteDelete) holding the file's writer.</summary>
    public async Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var writer = Writer();
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

    // One per database file in this process (the file's own lock is per file too).
    private SemaphoreSlim Writer() =>
        Writers.GetOrAdd(Path.GetFullPath(Database.GetDbConnection().DataSource), _ => new SemaphoreSlim(1, 1));
}

/// <summary>A transaction holding its database file's writer; disposing it without a commit rolls back.</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, SemaphoreSlim writer) : IAsyncDisposable
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
            writer.Release();
        }
    }
}
