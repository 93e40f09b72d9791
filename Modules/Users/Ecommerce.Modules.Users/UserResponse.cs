using Ecommerce.Modules.Users.OrderSummaries;

namespace Ecommerce.Modules.Users;

internal sealed record UserResponse(Guid Id, string Name, string Email, DateTimeOffset CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Name, user.Email, user.CreatedAt);
}

/// <summary>A user with what Users knows of their orders (learnt from Orders' events, so a moment behind).</summary>
internal sealed record UserDetailsResponse(Guid Id, string Name, string Email, DateTimeOffset CreatedAt, OrderSummaryResponse Orders)
{
    public static UserDetailsResponse From(User user, OrderSummary? summary) => new(
        user.Id, user.Name, user.Email, user.CreatedAt,
        new OrderSummaryResponse(summary?.OrderCount ?? 0, summary?.TotalSpent ?? 0.00m, summary?.LastOrderAt));
}

/// <param name="Count">Orders placed and not cancelled.</param>
/// <param name="TotalSpent">Their total, exact to the cent.</param>
/// <param name="LastOrderAt">When the user last placed an order, cancelled or not.</param>
internal sealed record OrderSummaryResponse(int Count, decimal TotalSpent, DateTimeOffset? LastOrderAt);
