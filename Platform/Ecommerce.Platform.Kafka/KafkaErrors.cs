using Confluent.Kafka;

namespace Ecommerce.Platform.Kafka;

/// <summary>
/// The broker's side of <see cref="Failures"/>: which produce errors refuse the record itself (sending
/// it again as it is cannot help), as opposed to the broker or the network being in trouble.
/// </summary>
public static class KafkaErrors
{
    /// <summary>The record is too large for the producer or the broker.</summary>
    public static bool IsTooLarge(Error error) => error.Code is ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsgSize;

    /// <summary>The record itself is refused: too large, malformed, or with an invalid timestamp.</summary>
    public static bool RefusesTheRecord(Error error) =>
        IsTooLarge(error) || error.Code is ErrorCode.InvalidMsg or ErrorCode.InvalidRecord or ErrorCode.InvalidTimestamp or ErrorCode.Local_BadMsg;
}
