using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Kafka;

/// <summary>
/// Readiness of the broker, from the <see cref="BrokerProbe"/>'s last answer (so a readiness probe
/// never waits on the broker): the number of records in each dead-letter topic; degraded while the
/// broker is unreachable (writes go on and events wait in the outboxes, whose own checks turn
/// unhealthy if that lasts); unhealthy while topics the modules need are missing.
/// </summary>
internal sealed class KafkaHealthCheck(KafkaConnection connection, BrokerProbe probe, IOptions<KafkaOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["bootstrapServers"] = connection.BootstrapServers,
            ["embeddedBroker"] = connection.IsEmbeddedBroker,
        };
        if (probe.Latest is not { } report)
        {
            return Task.FromResult(HealthCheckResult.Degraded("The broker has not been probed yet", data: data));
        }

        data["probedSecondsAgo"] = Math.Round((clock.GetUtcNow() - report.At).TotalSeconds, 1);
        if (clock.GetUtcNow() - report.At > options.Value.ProbeInterval * 3 + TimeSpan.FromSeconds(10))
        {
            return Task.FromResult(HealthCheckResult.Degraded("The last broker probe is stale", data: data));
        }

        if (!report.Reachable)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Kafka is unreachable ({report.Error}); events wait in the outboxes", data: data));
        }

        data["brokers"] = report.Brokers;
        data["deadLetters"] = report.DeadLetters;
        if (report.MissingTopics.Count > 0)
        {
            data["missingTopics"] = report.MissingTopics;
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"Kafka topics missing: {string.Join(", ", report.MissingTopics)}. Create them, or let the host do it (Kafka:Provisioning:Enabled); consuming starts once they exist",
                data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{report.Brokers} broker(s) reachable", data));
    }
}
