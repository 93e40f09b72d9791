using System.Security.Claims;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.GetOrder;

internal static class GetOrderEndpoint
{
    public static RouteHandlerBuilder MapGetOrder(this RouteGroupBuilder orders) =>
        orders.MapGet("/{id:guid}", GetAsync).WithName("GetOrder").ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, OrdersDbContext db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        // Another user's order does not exist for the caller: the same answer as a missing one.
        return order is null || !caller.MayRead(order.UserId)
            ? Problems.NotFound($"Order '{id}' does not exist.")
            : TypedResults.Ok(OrderResponse.From(order));
    }
}
