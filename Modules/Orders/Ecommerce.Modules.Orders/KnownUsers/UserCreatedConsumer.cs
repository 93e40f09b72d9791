using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Users.Contracts;
using MassTransit;

namespace Ecommerce.Modules.Orders.KnownUsers;

/// <summary>
/// Learns of new users from the Users module, so orders for them are accepted. The pipeline around it
/// applies each UserCreated once (inbox) and saves the known-user row with the inbox record.
/// </summary>
internal sealed class UserCreatedConsumer(OrdersDbContext db) : IConsumer<UserCreated>
{
    public Task Consume(ConsumeContext<UserCreated> context) =>
        db.RememberUserAsync(context.Message.UserId, context.Message.OccurredAt, context.CancellationToken);
}
