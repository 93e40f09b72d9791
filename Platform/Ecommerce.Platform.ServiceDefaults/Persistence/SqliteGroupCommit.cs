using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// Group commit for one SQLite file in this process. SQLite has one writer per file, and each commit
/// writes every page it touched to the WAL: committed one by one, a hundred requests each write the same
/// table and index pages again. Here the process's writes to a file take turns on one write connection,
/// each inside its own savepoint of a transaction they share, and the transaction commits when a turn
/// ends with nobody waiting for the next one (or the group is full). Idle, every write commits at once;
/// under load one commit carries many.
/// <list type="bullet">
/// <item>A write that fails rolls back to its savepoint: the others in its group keep their effects.</item>
/// <item>A write learns that it succeeded only when its group's commit has returned, so nothing is
/// acknowledged before it is as durable as a commit makes it; if the commit fails, every write in the
/// group gets that failure.</item>
/// <item>Inside its turn a write reads through the write connection, so it sees the group's earlier
/// writes (one writer at a time, as before). Reads outside a turn see committed data only (WAL).</item>
/// </list>
/// </summary>
public sealed class SqliteGroupCommit
{
    /// <summary>The most writes one commit carries: bounds how long the first of them waits for its answer.</summary>
    public const int MaxGroupSize = 64;

    private const string Savepoint = "write";

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly string _connectionString;
    private readonly string _database;
    private Group? _open;
    private int _waiting;

    public SqliteGroupCommit(string connectionString)
    {
        _connectionString = connectionString;
        _database = Path.GetFileNameWithoutExtension(new SqliteConnectionStringBuilder(connectionString).DataSource);
    }

    /// <summary>Writes waiting for a turn now.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Commits so far that carried writes.</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    /// <summary>The most writes one commit has carried so far.</summary>
    internal int LargestGroup => Volatile.Read(ref _largestGroup);

    private long _commits;
    private int _largestGroup;

    /// <summary>
    /// Waits for <paramref name="db"/>'s turn and binds it to the group's transaction, inside a savepoint
    /// of its own. The wait cannot be cancelled: a write counted as waiting must take its turn, or the
    /// group it kept open would never commit; turns are short, and a cancelled write gives its turn back
    /// at once.
    /// </summary>
    public async Task<Turn> TakeTurnAsync(DbContext db, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _turn.WaitAsync(CancellationToken.None);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        Turn? turn = null;
        try
        {
            var group = _open ??= Group.Begin(_connectionString);
            turn = new Turn(this, group, db);
            group.Save();
            turn.Bind();
            cancellationToken.ThrowIfCancellationRequested();
            return turn;
        }
        catch
        {
            if (turn is not null)
            {
                _ = turn.EndAsync(keep: false);
            }
            else
            {
                _turn.Release(); // no group could begin: there is none to end
            }

            throw;
        }
    }

    /// <summary>Ends a turn: keeps or discards its writes, then commits the group unless another write is waiting to join it.</summary>
    private Task EndTurn(Turn turn, bool keep)
    {
        var group = turn.Group;
        try
        {
            try
            {
                if (keep)
                {
                    group.Release();
                    group.Writes++;
                }
                else
                {
                    group.Transaction.Rollback(Savepoint);
                }
            }
            catch (Exception e)
            {
                // SQLite rolls a whole transaction back on some errors (a full disk, an I/O error):
                // the group's earlier writes are gone with it, so all of them fail.
                turn.Unbind();
                Fail(group, new GroupCommitFailedException(e));
            }

            if (_open == group && (Volatile.Read(ref _waiting) == 0 || group.Writes >= MaxGroupSize))
            {
                Commit(group, turn);
            }

            turn.Unbind();
            return keep ? group.Committed : Task.CompletedTask;
        }
        finally
        {
            _turn.Release();
        }
    }

    private void Commit(Group group, Turn turn)
    {
        _open = null;
        try
        {
            if (group.Writes == 0)
            {
                group.Transaction.Rollback(); // nothing kept: nothing to make durable
            }
            else
            {
                if (turn.IsBound)
                {
                    // Through the turn's own context, so its interceptors see the commit (the outbox's wake-up).
                    turn.Db.Database.CommitTransaction();
                }
                else
                {
                    group.Transaction.Commit();
                }

                Interlocked.Increment(ref _commits);
                Volatile.Write(ref _largestGroup, Math.Max(_largestGroup, group.Writes));
                GroupCommitMetrics.Committed(_database, group.Writes);
            }

            group.Complete();
        }
        catch (Exception e)
        {
            group.Fail(new GroupCommitFailedException(e));
        }
        finally
        {
            group.Close();
        }
    }

    private void Fail(Group group, Exception failure)
    {
        _open = null;
        group.Fail(failure);
        group.Close();
    }

    /// <summary>A connection and its transaction, shared by the writes of one group; done when it has committed.</summary>
    internal sealed class Group
    {
        private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every turn opens and releases a savepoint: SqliteTransaction.Save and Release would build and
        // prepare (parse) a new statement each time; these are prepared once per group and run again.
        private SqliteCommand? _save;
        private SqliteCommand? _release;

        private Group(SqliteConnection connection)
        {
            Connection = connection;
            // IMMEDIATE: the group takes the file's write lock now, not at its first write.
            Transaction = connection.BeginTransaction(deferred: false);
        }

        public static Group Begin(string connectionString)
        {
            // From Microsoft.Data.Sqlite's pool: opening per group is cheap, and no connection stays open between groups.
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                SqliteConnectionSettings.Apply(connection);
                return new Group(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public SqliteConnection Connection { get; }

        public SqliteTransaction Transaction { get; }

        public int Writes { get; set; }

        public Task Committed => _committed.Task;

        /// <summary>Opens the turn's savepoint.</summary>
        public void Save() => Run(ref _save, $"SAVEPOINT \"{Savepoint}\";");

        /// <summary>Keeps the turn's writes: they now belong to the group's transaction.</summary>
        public void Release() => Run(ref _release, $"RELEASE SAVEPOINT \"{Savepoint}\";");

        private void Run(ref SqliteCommand? command, string sql)
        {
            command ??= new SqliteCommand(sql, Connection, Transaction);
            command.ExecuteNonQuery();
        }

        public void Complete() => _committed.TrySetResult();

        public void Fail(Exception failure) => _committed.TrySetException(failure);

        public void Close()
        {
            _save?.Dispose();
            _release?.Dispose();
            try
            {
                Transaction.Dispose(); // rolls back unless committed
            }
            catch
            {
                // SQLite may have rolled the transaction back itself (a full disk, an I/O error).
            }

            Connection.Dispose();
        }
    }

    /// <summary>
    /// One write's turn: its DbContext works on the group's connection and transaction until the turn ends.
    /// End it with <see cref="EndAsync"/>, which returns once the write is committed (or failed with its group).
    /// </summary>
    public sealed class Turn
    {
        private readonly SqliteGroupCommit _owner;
        private DbConnection? _ownConnection;
        private bool _ended;

        internal Turn(SqliteGroupCommit owner, Group group, DbContext db)
        {
            _owner = owner;
            Group = group;
            Db = db;
        }

        internal Group Group { get; }

        internal DbContext Db { get; }

        internal bool IsBound => Db.Database.CurrentTransaction is not null;

        /// <summary>Keeps (or discards) this turn's writes and gives the turn back; completes when they are committed.</summary>
        public Task EndAsync(bool keep)
        {
            if (_ended)
            {
                return Task.CompletedTask;
            }

            _ended = true;
            return _owner.EndTurn(this, keep);
        }

        internal void Bind()
        {
            var database = Db.Database;
            var own = database.GetDbConnection();
            database.SetDbConnection(Group.Connection, contextOwnsConnection: false);
            _ownConnection = own;
            database.UseTransaction(Group.Transaction);
        }

        internal void Unbind()
        {
            if (_ownConnection is not { } own)
            {
                return;
            }

            var database = Db.Database;
            if (database.CurrentTransaction is not null)
            {
                database.UseTransaction(null);
            }

            // The context's own connection is closed (it was when the turn began) and still usable.
            database.SetDbConnection(own, contextOwnsConnection: true);
            _ownConnection = null;
        }
    }
}

/// <summary>
/// A write rolled back because its group's commit failed (or SQLite rolled the group's transaction back):
/// through no fault of its own, so it is the environment's failure; done again, it can succeed.
/// </summary>
public sealed class GroupCommitFailedException(Exception cause)
    : Exception("The write was rolled back with its group: the group's commit failed. " + cause.Message, cause);

/// <summary>How many writes each group commit carries.</summary>
public static class GroupCommitMetrics
{
    public const string MeterName = "Ecommerce.Persistence";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<int> WritesPerCommit = Meter.CreateHistogram<int>(
        "ecommerce.db.writes_per_commit", "{write}", "Writes committed together in one SQLite transaction (group commit).");

    internal static void Committed(string database, int writes) =>
        WritesPerCommit.Record(writes, new KeyValuePair<string, object?>("database", database));
}
