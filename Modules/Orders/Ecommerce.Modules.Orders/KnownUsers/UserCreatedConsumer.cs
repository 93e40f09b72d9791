using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Shared.Messaging.Inbox;
using Ecommerce.Modules.Users.Contracts;
using MassTransit;

namespace Ecommerce.Modules.Orders.KnownUsers;

/// <summary>
/// Learns of new users from the Users module, so orders for them are accepted. The transport saves
/// the known-user row with the inbox record, in one transaction: a redelivered UserCreated changes nothing.
/// </summary>
internal sealed class UserCreatedConsumer(OrdersDbContext db, TimeProvider clock) : IConsumer<UserCreated>
{
    public async Task Consume(ConsumeContext<UserCreated> context)
    {
        var user = context.Message;
        if (await db.TryStartHandlingAsync(user.EventId, nameof(UserCreatedConsumer), clock.GetUtcNow(), context.CancellationToken))
        {
            await db.RememberUserAsync(user.UserId, user.OccurredAt, context.CancellationToken);
        }
    }
}
