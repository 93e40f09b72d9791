using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>
/// The one place consumers' changes are saved, whatever the transport. Consumers only change the
/// module's DbContext; this runs them inside a transaction that holds the module's database writer,
/// then saves their effects and inbox rows in one SaveChanges and commits. The Kafka transport wraps a
/// whole batch in one; the in-memory bus, each message.
/// </summary>
internal static class ConsumerTransaction
{
    public static async Task RunAsync(ModuleDbContext db, Func<Task> consume, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        // A batch tracks hundreds of entities; scanning them all on every lookup would be quadratic.
        // Changes are detected once, before the save.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await consume();
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
