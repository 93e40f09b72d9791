using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.CancelOrder;

internal static class CancelOrderEndpoint
{
    public static RouteHandlerBuilder MapCancelOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelOrder")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, OrdersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return Problems.NotFound($"Order '{id}' does not exist.");
        }

        if (!order.Cancel(clock.GetUtcNow()))
        {
            return AlreadyCancelled(id);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request cancelled it between our read and our write.
            return AlreadyCancelled(id);
        }

        return TypedResults.Ok(OrderResponse.From(order));
    }

    private static ProblemHttpResult AlreadyCancelled(Guid id) => Problems.Conflict($"Order '{id}' is already cancelled.");
}
