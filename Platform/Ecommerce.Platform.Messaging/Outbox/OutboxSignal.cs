using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Wakes a module's relay right after a commit, so an event leaves within milliseconds instead of
/// waiting for the next poll. Registered as an EF Core interceptor on the module's DbContext.
/// Wake-ups coalesce: any number of commits while the relay is busy cost it one more pass. It also
/// remembers whether the commits were this instance's own (see <see cref="TakeCommitsHere"/>).
/// </summary>
public sealed class OutboxSignal : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly Channel<bool> _wakeUps =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private int _committedHere;

    /// <summary>A commit of this instance.</summary>
    public void Notify()
    {
        Interlocked.Exchange(ref _committedHere, 1);
        WakeUp();
    }

    /// <summary>Something else to look at: another instance's commit, a released lease, a new listener.</summary>
    public void WakeUp() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Whether this instance committed since the last call: what an instance not relaying tells the relaying one.</summary>
    public bool TakeCommitsHere() => Interlocked.Exchange(ref _committedHere, 0) == 1;

    /// <summary>Waits for a commit, or at most <paramref name="timeout"/> (the fallback poll).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(timeout);
        try
        {
            await _wakeUps.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a commit: look anyway.
        }
    }

    // SaveChanges without an explicit transaction commits on its own; inside one, the commit below signals.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyUnlessInTransaction(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyUnlessInTransaction(eventData);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Notify();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Notify();
        return Task.CompletedTask;
    }

    private void NotifyUnlessInTransaction(SaveChangesCompletedEventData eventData)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Notify();
        }
    }
}
