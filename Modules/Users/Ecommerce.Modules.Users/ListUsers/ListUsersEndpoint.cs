using Ecommerce.Platform.Http;
using Ecommerce.Modules.Users.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Users.ListUsers;

internal static class ListUsersEndpoint
{
    public static RouteHandlerBuilder MapListUsers(this RouteGroupBuilder users) =>
        users.MapGet("/", ListAsync).WithName("ListUsers").ValidateRequest<PageQuery>()
            .RequireAuthorization(Callers.AdminPolicy); // every user's name and email: the operator's only

    // Ids are time-ordered (v7), so ordering by id is creation order and stable across pages.
    private static async Task<Ok<PagedList<UserResponse>>> ListAsync(
        [AsParameters] PageQuery query, UsersDbContext db, CancellationToken ct)
    {
        var total = await db.Users.CountAsync(ct);
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.Id)
            .Skip(query.Skip).Take(query.Size)
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedList<UserResponse>(
            users.ConvertAll(UserResponse.From), query.PageNumber, query.Size, total));
    }
}
