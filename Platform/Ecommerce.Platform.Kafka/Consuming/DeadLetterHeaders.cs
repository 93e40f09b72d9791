namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>Headers added to a record moved to a dead-letter topic, beside its original headers.</summary>
public static class DeadLetterHeaders
{
    public const string Error = "dead-letter-error";
    public const string ConsumerGroup = "dead-letter-consumer-group";
    public const string Topic = "dead-letter-topic";
    public const string Partition = "dead-letter-partition";
    public const string Offset = "dead-letter-offset";
    public const string Attempts = "dead-letter-attempts";

    /// <summary>Set when the value was too large to copy whole: its original length in bytes.</summary>
    public const string ValueTruncatedFrom = "dead-letter-value-truncated-from";
}
