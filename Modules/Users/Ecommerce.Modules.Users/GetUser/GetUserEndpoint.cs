using System.Security.Claims;
using Ecommerce.Platform.Http;
using Ecommerce.Modules.Users.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Users.GetUser;

internal static class GetUserEndpoint
{
    public static RouteHandlerBuilder MapGetUser(this RouteGroupBuilder users) =>
        users.MapGet("/{id:guid}", GetAsync).WithName("GetUser").ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<UserDetailsResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, UsersDbContext db, CancellationToken ct)
    {
        // Another user's profile does not exist for the caller: the same answer as a missing one.
        var user = caller.MayRead(id) ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) : null;
        if (user is null)
        {
            return Problems.NotFound($"User '{id}' does not exist.");
        }

        var orders = await db.OrderSummaries.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == id, ct);
        return TypedResults.Ok(UserDetailsResponse.From(user, orders));
    }
}
