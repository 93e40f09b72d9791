namespace Ecommerce.Modules.Users.Contracts;

/// <summary>A user was created. Published on the <see cref="UsersStream"/>, keyed by <see cref="UserId"/>.</summary>
/// <param name="EventId">Unique per event: consumers use it to ignore redeliveries.</param>
/// <param name="UserId">The new user's id (the aggregate id).</param>
/// <param name="Name">The user's name, trimmed.</param>
/// <param name="Email">The user's email, trimmed, as given.</param>
/// <param name="OccurredAt">When the user was created (UTC).</param>
public sealed record UserCreated(Guid EventId, Guid UserId, string Name, string Email, DateTimeOffset OccurredAt);
