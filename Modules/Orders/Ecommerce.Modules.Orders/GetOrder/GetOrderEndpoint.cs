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
        Guid id, OrdersDbContext db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        return order is null
            ? Problems.NotFound($"Order '{id}' does not exist.")
            : TypedResults.Ok(OrderResponse.From(order));
    }
}
