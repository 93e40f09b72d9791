using Ecommerce.Platform.Messaging;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>Records as another producer would write them: CloudEvents headers and a contract's JSON.</summary>
public static class Events
{
    public const string UserCreatedType = "ecommerce.users.user-created.v1";

    /// <summary>Version 1 of OrderCreated: no currency (version 2 is what the host writes).</summary>
    public const string OrderCreatedV1Type = "ecommerce.orders.order-created.v1";

    public const string OrderCreatedType = "ecommerce.orders.order-created.v2";

    public const string OrderCancelledType = "ecommerce.orders.order-cancelled.v1";

    /// <summary>The event a record's wire type names, without namespace or version: "order-created".</summary>
    public static string NameOf(string wireType) => wireType.Split('.')[^2];

    /// <summary>Produces a UserCreated for a new user to one partition of <paramref name="topic"/>; returns the user id.</summary>
    public static async Task<Guid> ProduceUserCreatedAsync(string bootstrapServers, string topic, int partition)
    {
        var userId = Guid.CreateVersion7();
        var eventId = Guid.CreateVersion7();
        await KafkaTopic.ProduceAsync(bootstrapServers, topic, partition, userId.ToString(),
            $$"""{"eventId":"{{eventId}}","userId":"{{userId}}","name":"Produced","email":"produced-{{userId:N}}@example.com","occurredAt":"2026-11-27T10:00:00+00:00"}""",
            (CloudEventHeaders.Type, UserCreatedType), (CloudEventHeaders.Id, eventId.ToString()));
        return userId;
    }

    /// <summary>Produces a record the Orders consumer cannot read (not JSON) to one partition of <paramref name="topic"/>.</summary>
    public static Task ProduceGarbageAsync(string bootstrapServers, string topic, int partition) =>
        KafkaTopic.ProduceAsync(bootstrapServers, topic, partition, "garbage", "\u0000\u0001 not an event", (CloudEventHeaders.Type, UserCreatedType));
}
