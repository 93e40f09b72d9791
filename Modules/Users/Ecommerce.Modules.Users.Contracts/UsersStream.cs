namespace Ecommerce.Modules.Users.Contracts;

/// <summary>The stream the Users module publishes its events on (a Kafka topic, named by configuration).</summary>
public static class UsersStream
{
    /// <summary>The stream's name; its topic is <c>Kafka:Topics:users</c>, <c>ecommerce.users</c> by default.</summary>
    public const string Name = "users";
}
