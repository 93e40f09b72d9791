namespace Ecommerce.Platform.Idempotency;

/// <summary>A request a client marked with an Idempotency-Key, and the answer it got, kept to replay it.</summary>
public sealed class IdempotencyKey
{
    public required string Key { get; init; }

    /// <summary>SHA-256 of the method, path and request fields: the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    public required int StatusCode { get; init; }

    public required string ResponseBody { get; init; }

    public string? Location { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}
