using Ecommerce.Platform;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Idempotency;
using Ecommerce.Platform.Messaging.Outbox;
using Ecommerce.Platform.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Modules.Users.CreateUser;

internal sealed record CreateUserRequest(string? Name, string? Email);

internal sealed class CreateUserValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserValidator()
    {
        // Stop at a field's first failure: later rules may assume the value is present.
        RuleLevelCascadeMode = CascadeMode.Stop;
        // The same rules as Orders' UserCreatedValidator, which holds the event this request becomes to them.
        RuleFor(r => r.Name).Text(UserLimits.MaxNameLength);
        RuleFor(r => r.Email).Email(UserLimits.MaxEmailLength);
    }
}

internal static class CreateUserEndpoint
{
    public static RouteHandlerBuilder MapCreateUser(this RouteGroupBuilder users) =>
        users.MapPost("/", CreateAsync).WithName("CreateUser").AllowAnonymous() // signing up is how a caller comes to exist
            .ValidateRequest<CreateUserRequest>().Idempotent<UsersDbContext>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRateLimiting(RateLimitPolicies.SignUp);

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UsersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        // Only new rows, each added with its state: nothing for SaveChanges to detect (a pooled context gets
        // detection back when it is returned).
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow();
        var user = User.SignUp(request.Name!, request.Email!, now);
        db.Users.Add(user);
        var created = new UserCreated(TimeOrderedIds.New(now), user.Id, user.Name, user.Email, now);
        db.AddToOutbox(created, created.EventId, user.Id, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // The user row and its event were one transaction: neither was written.
            return Problems.Conflict($"A user with email '{user.Email}' already exists.");
        }

        return TypedResults.Created($"/users/{user.Id}", UserResponse.From(user));
    }
}
