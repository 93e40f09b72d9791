using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Shared.Messaging.Inbox;
using Ecommerce.Modules.Users.Data;
using MassTransit;

namespace Ecommerce.Modules.Users.OrderSummaries;

/// <summary>
/// Keeps each user's order summary from the Orders module's events. Each event is applied once:
/// its inbox record commits with the summary change, and a redelivery finds it and does nothing.
/// An order's events share its key, so OrderCancelled always arrives after its OrderCreated.
/// </summary>
internal sealed class OrderSummaryConsumer(UsersDbContext db, TimeProvider clock) : IConsumer<OrderCreated>, IConsumer<OrderCancelled>
{
    public async Task Consume(ConsumeContext<OrderCreated> context)
    {
        var order = context.Message;
        if (await db.TryStartHandlingAsync(order.EventId, nameof(OrderSummaryConsumer), clock.GetUtcNow(), context.CancellationToken))
        {
            (await SummaryOfAsync(order.UserId, context.CancellationToken)).OrderPlaced(order.TotalPrice, order.OccurredAt);
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }

    public async Task Consume(ConsumeContext<OrderCancelled> context)
    {
        var order = context.Message;
        if (await db.TryStartHandlingAsync(order.EventId, nameof(OrderSummaryConsumer), clock.GetUtcNow(), context.CancellationToken))
        {
            (await SummaryOfAsync(order.UserId, context.CancellationToken)).OrderCancelled(order.TotalPrice);
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }

    private async Task<OrderSummary> SummaryOfAsync(Guid userId, CancellationToken ct)
    {
        var summary = await db.OrderSummaries.FindAsync([userId], ct);
        if (summary is null)
        {
            summary = new OrderSummary { UserId = userId };
            db.OrderSummaries.Add(summary);
        }

        return summary;
    }
}
