namespace Ecommerce.Modules.Orders.Contracts;

/// <summary>The stream the Orders module publishes its events on (a Kafka topic, named by configuration).</summary>
public static class OrdersStream
{
    /// <summary>The stream's name; its topic is <c>Kafka:Topics:orders</c>, <c>ecommerce.orders</c> by default.</summary>
    public const string Name = "orders";
}
