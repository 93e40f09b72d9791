using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Platform;
using FluentValidation;

namespace Ecommerce.Modules.Orders.KnownUsers;

/// <summary>
/// A UserCreated is held to the rules Users' API holds a new user to: anyone who can write to the
/// topic could forge one. One that breaks them is dead-lettered, unapplied, by the consume pipeline.
/// </summary>
internal sealed class UserCreatedValidator : AbstractValidator<UserCreated>
{
    public UserCreatedValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(e => e.UserId).NotEqual(Guid.Empty);
        RuleFor(e => e.Name).Text(UserLimits.MaxNameLength);
        RuleFor(e => e.Email).Email(UserLimits.MaxEmailLength);
    }
}
