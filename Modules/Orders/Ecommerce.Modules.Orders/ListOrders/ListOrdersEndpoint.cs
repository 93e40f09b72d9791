using System.Security.Claims;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Orders.ListOrders;

internal static class ListOrdersEndpoint
{
    public static RouteHandlerBuilder MapListOrders(this RouteGroupBuilder orders) =>
        orders.MapGet("/", ListAsync).WithName("ListOrders").ValidateRequest<PageQuery>();

    // Ids are time-ordered (v7), so ordering by id is creation order and stable across pages.
    // A user lists their own orders (with or without ?userId= for themselves); the operator anyone's, or all.
    private static async Task<Results<Ok<PagedList<OrderResponse>>, ProblemHttpResult>> ListAsync(
        Guid? userId, [AsParameters] PageQuery query, ClaimsPrincipal caller, OrdersDbContext db, CancellationToken ct)
    {
        if (!caller.IsAdmin())
        {
            // Another user's orders do not exist for the caller: the same answer as an unknown user's.
            if (caller.UserId() is not { } self || (userId is { } asked && asked != self))
            {
                return Problems.NotFound($"User '{userId}' does not exist.");
            }

            userId = self;
        }

        var matching = userId is { } id ? db.Orders.Where(o => o.UserId == id) : db.Orders;
        var total = await matching.CountAsync(ct);
        var orders = await matching.AsNoTracking()
            .OrderBy(o => o.Id)
            .Skip(query.Skip).Take(query.Size)
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedList<OrderResponse>(
            orders.ConvertAll(OrderResponse.From), query.PageNumber, query.Size, total));
    }
}
