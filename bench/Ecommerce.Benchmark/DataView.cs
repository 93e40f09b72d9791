using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ecommerce.Benchmark;

// Also compiled into Ecommerce.Tests (linked), whose fault suite checks the databases with it.

/// <summary>
/// A read-only view of the modules' databases from outside the host: the SQLite files of one host, or
/// the PostgreSQL database that any number of instances share. Queries name tables unqualified (each
/// module's file, or each module's schema on the search path) and quote column names, which both read alike.
/// </summary>
internal abstract class DataView
{
    public static DataView Sqlite(string dataDirectory) => new SqliteView(dataDirectory);

    public static DataView PostgreSql(string connectionString) => new PostgreSqlView(connectionString);

    /// <summary>The first column of every row a query returns, as text.</summary>
    public abstract List<string> Column(string module, string sql);

    public long Scalar(string module, string sql) => long.Parse(Column(module, sql).Single(), CultureInfo.InvariantCulture);

    /// <summary>Events waiting in a module's outbox ("users" or "orders").</summary>
    public long PendingEvents(string module) => Scalar(module, "SELECT COUNT(*) FROM outbox_messages WHERE \"DispatchedAt\" IS NULL");

    /// <summary>Events a module's consumers have applied (its inbox).</summary>
    public long AppliedEvents(string module) => Scalar(module, "SELECT COUNT(*) FROM inbox_messages");

    /// <summary>Whether Orders has committed the user to its known users (what makes POST /orders accept it).</summary>
    public bool IsKnownToOrders(Guid userId) =>
        Scalar("orders", $"SELECT COUNT(*) FROM known_users WHERE \"UserId\" = '{userId.ToString().ToUpperInvariant()}'") > 0;

    /// <summary>The user's order count as Users' summary has it.</summary>
    public long SummaryOrderCount(Guid userId) =>
        Scalar("users", $"SELECT COALESCE(MAX(\"OrderCount\"), 0) FROM order_summaries WHERE \"UserId\" = '{userId.ToString().ToUpperInvariant()}'");

    private sealed class SqliteView(string dataDirectory) : DataView
    {
        public override List<string> Column(string module, string sql)
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, module + ".db")};Mode=ReadOnly;Pooling=True");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Read(command.ExecuteReader());
        }
    }

    private sealed class PostgreSqlView(string connectionString) : DataView
    {
        public override List<string> Column(string module, string sql)
        {
            using var connection = new NpgsqlConnection($"{connectionString};Search Path={module}");
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return Read(command.ExecuteReader());
        }
    }

    private static List<string> Read(System.Data.Common.DbDataReader reader)
    {
        using (reader)
        {
            var values = new List<string>();
            while (reader.Read())
            {
                values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
            }

            return values;
        }
    }
}
