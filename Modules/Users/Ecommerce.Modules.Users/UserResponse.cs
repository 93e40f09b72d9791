namespace Ecommerce.Modules.Users;

internal sealed record UserResponse(Guid Id, string Name, string Email, DateTimeOffset CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Name, user.Email, user.CreatedAt);
}
