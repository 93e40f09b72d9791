using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Platform.Persistence;

public static class BatchedDelete
{
    /// <summary>Rows per statement: small enough that a delete holds the writer for about a millisecond.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>
    /// Deletes the rows <paramref name="expired"/> selects, at most <paramref name="batchSize"/> per
    /// statement, taking the database's writer for one statement at a time: requests and consumers
    /// writing meanwhile wait for one small delete, never for the whole cleanup. Oldest first: ordered, so
    /// each statement takes a well-defined batch.
    /// </summary>
    /// <returns>How many rows were deleted.</returns>
    public static async Task<int> RunAsync<T>(QueuedWritesDbContext db, IOrderedQueryable<T> expired, int batchSize, CancellationToken ct)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await db.WriteAsync(token => expired.Take(batchSize).ExecuteDeleteAsync(token), ct);
            total += deleted;
        }
        while (deleted == batchSize && !ct.IsCancellationRequested);

        return total;
    }
}
