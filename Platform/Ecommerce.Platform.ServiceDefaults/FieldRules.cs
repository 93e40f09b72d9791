using Ecommerce.Platform.Http;
using FluentValidation;

namespace Ecommerce.Platform;

/// <summary>
/// The rules of the kinds of field the API takes and the events carry. A request's validator and the
/// validator of the event that request becomes both use them, with the limits the event's Contracts
/// declare, so a record forged on a topic is held to exactly what the API would have accepted. Written
/// for validators that stop at a field's first failure (<c>RuleLevelCascadeMode = CascadeMode.Stop</c>).
/// </summary>
public static class FieldRules
{
    /// <summary>Present (not empty, not only whitespace) and at most <paramref name="maxLength"/> characters once trimmed.</summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.NotEmpty()
            .Must(text => text is null || text.Trim().Length <= maxLength).WithMessage($"'{{PropertyName}}' must be {maxLength} characters or fewer.");

    /// <summary><see cref="Text{T}"/>, and a bare, dotted email address (<see cref="EmailAddress.IsWellFormed"/>) once trimmed.</summary>
    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.Text(maxLength)
            .Must(email => email is null || EmailAddress.IsWellFormed(email.Trim())).WithMessage("'{PropertyName}' is not a valid email address.");

    /// <summary>An amount of money from 0 to <paramref name="max"/>, exact to the cent.</summary>
    public static IRuleBuilderOptions<T, decimal> Amount<T>(this IRuleBuilder<T, decimal> rule, decimal max) =>
        rule.InclusiveBetween(0m, max).Must(Persistence.Money.IsWholeCents).WithMessage(WholeCents);

    /// <summary><see cref="Amount{T}(IRuleBuilder{T, decimal}, decimal)"/> for a request's field, which may be missing.</summary>
    public static IRuleBuilderOptions<T, decimal?> Amount<T>(this IRuleBuilder<T, decimal?> rule, decimal max) =>
        rule.NotNull().InclusiveBetween(0m, max).Must(amount => amount is not { } value || Persistence.Money.IsWholeCents(value)).WithMessage(WholeCents);

    private const string WholeCents = "'{PropertyName}' must have at most 2 decimal places.";
}
