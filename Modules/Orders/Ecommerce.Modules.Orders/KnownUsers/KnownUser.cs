namespace Ecommerce.Modules.Orders.KnownUsers;

/// <summary>Orders' own copy of a user that exists in the Users module, learnt from UserCreated.</summary>
internal sealed class KnownUser
{
    public required Guid UserId { get; init; }
    public required DateTimeOffset KnownSince { get; init; }
}
