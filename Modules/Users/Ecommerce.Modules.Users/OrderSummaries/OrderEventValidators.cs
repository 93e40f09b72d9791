using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Platform;
using FluentValidation;

namespace Ecommerce.Modules.Users.OrderSummaries;

/// <summary>
/// An OrderCreated is held to the rules Orders' API holds a new order to: anyone who can write to the
/// topic could forge one. One that breaks them is dead-lettered, unapplied, by the consume pipeline.
/// </summary>
internal sealed class OrderCreatedValidator : AbstractValidator<OrderCreated>
{
    public OrderCreatedValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(e => e.OrderId).NotEqual(Guid.Empty);
        RuleFor(e => e.UserId).NotEqual(Guid.Empty);
        RuleFor(e => e.Product).Text(OrderLimits.MaxProductLength);
        RuleFor(e => e.Quantity).InclusiveBetween(OrderLimits.MinQuantity, OrderLimits.MaxQuantity);
        RuleFor(e => e.TotalPrice).Amount(OrderLimits.MaxTotalPrice);
        RuleFor(e => e.Currency).Matches(OrderCurrency.Pattern).WithMessage("'{PropertyName}' must be an ISO 4217 code: three capital letters.");
    }
}

/// <summary>An OrderCancelled carries the total of an order the API accepted: held to the same rule.</summary>
internal sealed class OrderCancelledValidator : AbstractValidator<OrderCancelled>
{
    public OrderCancelledValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(e => e.OrderId).NotEqual(Guid.Empty);
        RuleFor(e => e.UserId).NotEqual(Guid.Empty);
        RuleFor(e => e.TotalPrice).Amount(OrderLimits.MaxTotalPrice);
    }
}
