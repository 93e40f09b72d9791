using System.Security.Claims;
using Ecommerce.Platform;
using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Orders.Data;
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
using Microsoft.Extensions.Options;

namespace Ecommerce.Modules.Orders.CreateOrder;

internal sealed record CreateOrderRequest(Guid? UserId, string? Product, int? Quantity, decimal? TotalPrice);

internal sealed class CreateOrderValidator : AbstractValidator<CreateOrderRequest>
{
    public CreateOrderValidator()
    {
        // Stop at a field's first failure: later rules may assume the value is present.
        RuleLevelCascadeMode = CascadeMode.Stop;
        // The same rules as Users' OrderCreatedValidator, which holds the event this request becomes to them.
        RuleFor(r => r.UserId).NotNull().NotEqual(Guid.Empty);
        RuleFor(r => r.Product).Text(OrderLimits.MaxProductLength);
        RuleFor(r => r.Quantity).NotNull().InclusiveBetween(OrderLimits.MinQuantity, OrderLimits.MaxQuantity);
        RuleFor(r => r.TotalPrice).Amount(OrderLimits.MaxTotalPrice);
    }
}

internal static class CreateOrderEndpoint
{
    public static RouteHandlerBuilder MapCreateOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/", CreateAsync).WithName("CreateOrder").ValidateRequest<CreateOrderRequest>().Idempotent<OrdersDbContext>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireRateLimiting(RateLimitPolicies.Writes);

    private static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> CreateAsync(
        CreateOrderRequest request, ClaimsPrincipal caller, OrdersDbContext db, IOptions<OrdersOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!caller.Owns(request.UserId!.Value))
        {
            // The operator included: an order is placed by its own user.
            return Problems.Forbidden($"Orders can be placed only for yourself, not for user '{request.UserId}'.");
        }

        // Only new rows, each added with its state: nothing for SaveChanges to detect (a pooled context gets
        // detection back when it is returned).
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow();
        var order = Order.Place(request.UserId!.Value, request.Product!, request.Quantity!.Value, request.TotalPrice!.Value, options.Value.Currency, now);
        db.Orders.Add(order);
        var created = new OrderCreated(
            TimeOrderedIds.New(now), order.Id, order.UserId, order.Product, order.Quantity, order.TotalPrice, order.Currency, now);
        db.AddToOutbox(created, created.EventId, order.Id, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsForeignKeyViolation(e))
        {
            // Orders' copy of the users (filled from UserCreated) has no such user: nothing was written.
            return Problems.Unprocessable(
                $"User '{order.UserId}' is not known to orders yet. If the user was just created, retry in a moment.");
        }

        return TypedResults.Created($"/orders/{order.Id}", OrderResponse.From(order));
    }
}
