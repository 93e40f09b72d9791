using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>
/// Readiness of one module's consumers: healthy while consuming; degraded while waiting on the
/// environment, on a dead letter, or on the broker client; unhealthy once one of those has lasted
/// <see cref="KafkaConsumerOptions.UnhealthyAfter"/>. Nothing is lost meanwhile: the records wait on
/// the topic. Records of types this build does not know, skipped, are shown by count (a producer ahead
/// of this consumer, or a record that does not belong on the topic) without changing the status.
/// </summary>
internal sealed class ConsumerHealthCheck(ConsumerStatus status, IOptions<KafkaOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var snapshot = status.Read(now);
        var waits = new List<(string What, ConsumerStatus.Wait Wait)>();
        if (snapshot.Environment is { } environment)
        {
            waits.Add(("waiting for the environment", environment));
        }

        waits.AddRange(snapshot.StalledPartitions.Select(p => ($"partition {p.Key} stalled on a dead letter", p.Value)));
        if (snapshot.ClientError is { } client)
        {
            waits.Add(("the Kafka client is failing", client));
        }

        var unknown = snapshot.UnknownTypes.ToDictionary(u => $"skipped records of unknown type '{u.Key}'", u => (object)u.Value);
        if (waits.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy(
                unknown.Count == 0 ? "consuming" : $"consuming; skipped {snapshot.UnknownTypes.Values.Sum()} records of unknown types", data: unknown));
        }

        var longest = waits.Max(w => now - w.Wait.Since);
        var data = waits.ToDictionary(w => w.What, w => (object)$"{(now - w.Wait.Since).TotalSeconds:F1} s: {w.Wait.Reason}");
        foreach (var (key, value) in unknown)
        {
            data[key] = value;
        }

        var description = string.Join("; ", waits.Select(w => $"{w.What} for {(now - w.Wait.Since).TotalSeconds:F1} s ({w.Wait.Reason})"));
        return Task.FromResult(longest >= options.Value.Consumer.UnhealthyAfter
            ? HealthCheckResult.Unhealthy(description, data: data)
            : HealthCheckResult.Degraded(description, data: data));
    }
}
