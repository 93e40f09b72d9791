using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Users.Data;
using MassTransit;
using Ecommerce.Platform.Persistence;

namespace Ecommerce.Modules.Users.OrderSummaries;

/// <summary>
/// Keeps each user's order summary from the Orders module's events. The pipeline around it applies
/// each event once (inbox) and saves the change. An order's events share its key, so OrderCancelled
/// normally arrives after its OrderCreated; a replayed dead letter may not, and the sums do not care.
/// </summary>
internal sealed class OrderSummaryConsumer(UsersDbContext db) : IConsumer<OrderCreated>, IConsumer<OrderCancelled>
{
    public async Task Consume(ConsumeContext<OrderCreated> context)
    {
        var order = context.Message;
        (await SummaryOfAsync(order.UserId, context.CancellationToken)).OrderPlaced(order.TotalPrice, order.OccurredAt);
    }

    public async Task Consume(ConsumeContext<OrderCancelled> context)
    {
        var order = context.Message;
        (await SummaryOfAsync(order.UserId, context.CancellationToken)).OrderCancelled(order.TotalPrice);
    }

    // Compiled once: every order event asks it.
    private static readonly CompiledPerModel<UsersDbContext, Guid, OrderSummary?> SummaryQuery = new(
        (db, userId, _) => db.OrderSummaries.FirstOrDefault(s => s.UserId == userId));

    private async Task<OrderSummary> SummaryOfAsync(Guid userId, CancellationToken ct)
    {
        // The unit of work may hold it already: a batch can carry several orders of one user.
        var summary = db.OrderSummaries.Local.FindEntry(userId)?.Entity ?? await SummaryQuery.RunAsync(db, userId, ct);
        if (summary is null)
        {
            summary = new OrderSummary { UserId = userId };
            db.OrderSummaries.Add(summary);
        }

        return summary;
    }
}
