using Ecommerce.Platform.Messaging.Modules;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Readiness of one module's outbox: how many events wait and how old the oldest is. Events waiting a
/// while mean the broker or the relay is in trouble: degraded past one age, unhealthy past another.
/// A parked event (refused by the broker too often) degrades it until an operator retries or skips it.
/// </summary>
internal sealed class OutboxHealthCheck(ModuleManifest module, OutboxMonitor monitor, IOptions<OutboxOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = monitor.Read(module);
        var data = new Dictionary<string, object>
        {
            ["pending"] = backlog.Pending,
            ["oldestPendingAgeSeconds"] = Math.Round(backlog.OldestAge.TotalSeconds, 3),
            ["parked"] = backlog.Parked,
        };
        var description = $"{backlog.Pending} events waiting, the oldest for {backlog.OldestAge.TotalSeconds:F1} s";
        var status = backlog.OldestAge >= options.Value.UnhealthyAfter ? HealthStatus.Unhealthy
            : backlog.OldestAge >= options.Value.DegradedAfter ? HealthStatus.Degraded
            : HealthStatus.Healthy;
        if (backlog.Parked > 0)
        {
            data["parkedError"] = backlog.ParkedError!;
            description += $"; {backlog.Parked} parked, first {backlog.ParkedError} (dead-letters retry|skip)";
            status = status == HealthStatus.Healthy ? HealthStatus.Degraded : status;
        }
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}
