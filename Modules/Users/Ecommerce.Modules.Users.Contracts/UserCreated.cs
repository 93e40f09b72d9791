using System.ComponentModel.DataAnnotations;
using Ecommerce.Platform.Contracts;

namespace Ecommerce.Modules.Users.Contracts;

/// <summary>A user was created. Published on the <see cref="UsersStream"/>, keyed by <see cref="UserId"/>.</summary>
/// <param name="EventId">Unique per event: consumers use it to ignore redeliveries.</param>
/// <param name="UserId">The new user's id (the aggregate id).</param>
/// <param name="Name">The user's name, trimmed.</param>
/// <param name="Email">The user's email, trimmed, as given.</param>
/// <param name="OccurredAt">When the user was created (UTC).</param>
[EventType("ecommerce.users.user-created", 1, LegacyType = "Ecommerce.Modules.Users.Contracts.UserCreated")]
public sealed record UserCreated(
    Guid EventId,
    Guid UserId,
    [property: StringLength(UserLimits.MaxNameLength, MinimumLength = 1)] string Name,
    [property: StringLength(UserLimits.MaxEmailLength, MinimumLength = 3), EmailAddress] string Email,
    DateTimeOffset OccurredAt);
