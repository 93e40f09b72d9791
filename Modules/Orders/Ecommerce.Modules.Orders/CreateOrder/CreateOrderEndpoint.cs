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

namespace Ecommerce.Modules.Orders.CreateOrder;

internal sealed record CreateOrderRequest(Guid? UserId, string? Product, int? Quantity, decimal? TotalPrice);

internal sealed class CreateOrderValidator : AbstractValidator<CreateOrderRequest>
{
    public const decimal MaxTotalPrice = 1_000_000_000m;

    public CreateOrderValidator()
    {
        // Stop at a field's first failure: later rules may assume the value is present.
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(r => r.UserId).NotNull().NotEqual(Guid.Empty);
        RuleFor(r => r.Product).NotEmpty().Must(p => p!.Trim().Length <= 200)
            .WithMessage("'Product' must be 200 characters or fewer.");
        RuleFor(r => r.Quantity).NotNull().InclusiveBetween(1, 10_000);
        RuleFor(r => r.TotalPrice).NotNull().InclusiveBetween(0m, MaxTotalPrice)
            .Must(p => Money.IsWholeCents(p!.Value)).WithMessage("'Total Price' must have at most 2 decimal places.");
    }
}

internal static class CreateOrderEndpoint
{
    public static RouteHandlerBuilder MapCreateOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/", CreateAsync).WithName("CreateOrder").ValidateRequest<CreateOrderRequest>().Idempotent<OrdersDbContext>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireRateLimiting(RateLimitPolicies.Writes);

    private static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> CreateAsync(
        CreateOrderRequest request, OrdersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var order = Order.Place(request.UserId!.Value, request.Product!, request.Quantity!.Value, request.TotalPrice!.Value, now);
        db.Orders.Add(order);
        var created = new OrderCreated(
            TimeOrderedIds.New(now), order.Id, order.UserId, order.Product, order.Quantity, order.TotalPrice, now);
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
