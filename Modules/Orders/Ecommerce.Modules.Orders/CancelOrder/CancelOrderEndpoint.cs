using System.Security.Claims;
using Ecommerce.Platform;
using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Idempotency;
using Ecommerce.Platform.Messaging.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.CancelOrder;

internal static class CancelOrderEndpoint
{
    public static RouteHandlerBuilder MapCancelOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelOrder").Idempotent<OrdersDbContext>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRateLimiting(RateLimitPolicies.Writes);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal caller, OrdersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null || !caller.MayRead(order.UserId))
        {
            return Problems.NotFound($"Order '{id}' does not exist.");
        }

        if (!caller.Owns(order.UserId))
        {
            // The operator sees the order, but cancelling is the user's own decision.
            return Problems.Forbidden($"Order '{id}' is another user's; only they can cancel it.");
        }

        var now = clock.GetUtcNow();
        if (!order.Cancel(now))
        {
            return AlreadyCancelled(id);
        }

        var cancelled = new OrderCancelled(TimeOrderedIds.New(now), order.Id, order.UserId, order.TotalPrice, now);
        db.AddToOutbox(cancelled, cancelled.EventId, order.Id, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request cancelled it between our read and our write; our event was not written either.
            return AlreadyCancelled(id);
        }

        return TypedResults.Ok(OrderResponse.From(order));
    }

    private static ProblemHttpResult AlreadyCancelled(Guid id) => Problems.Conflict($"Order '{id}' is already cancelled.");
}
