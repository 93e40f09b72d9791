using Ecommerce.Modules.Shared.Http;
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

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(
        Guid id, UsersDbContext db, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        return user is null
            ? Problems.NotFound($"User '{id}' does not exist.")
            : TypedResults.Ok(UserResponse.From(user));
    }
}
