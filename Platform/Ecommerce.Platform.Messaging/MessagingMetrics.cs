using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Messaging.Outbox;

namespace Ecommerce.Platform.Messaging;

/// <summary>Counters of the event pipeline, tagged by module (meter <c>Ecommerce.Messaging</c>).</summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "Ecommerce.Messaging";

    private readonly Counter<long> _relayed;
    private readonly Counter<long> _relayFailures;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _environmentFailures;
    private readonly Counter<long> _clientErrors;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _unknownTypes;
    private readonly ConcurrentDictionary<string, long> _consumerLag = new();
    private readonly ConcurrentDictionary<string, long> _consumerWaiting = new();
    private readonly ConcurrentDictionary<string, long> _stalledPartitions = new();
    private readonly RecentValue<List<(string Module, OutboxBacklog Backlog)>> _backlogs = new(TimeSpan.FromSeconds(1));

    public MessagingMetrics(IMeterFactory meters, OutboxMonitor outbox, IEnumerable<ModuleManifest> modules)
    {
        var meter = meters.Create(MeterName);
        _relayed = meter.CreateCounter<long>("ecommerce.outbox.relayed", "{event}", "Outbox events the broker acknowledged");
        _relayFailures = meter.CreateCounter<long>("ecommerce.outbox.relay_failures", "{failure}", "Relay passes that could not send every event");
        _consumed = meter.CreateCounter<long>("ecommerce.consumer.processed", "{event}", "Events applied by consumers");
        _retried = meter.CreateCounter<long>("ecommerce.consumer.retried", "{attempt}", "Failed attempts at an event that were retried");
        _deadLettered = meter.CreateCounter<long>("ecommerce.consumer.dead_lettered", "{record}", "Records moved to a dead-letter topic");
        _rejected = meter.CreateCounter<long>("ecommerce.outbox.rejected", "{attempt}", "Sends the broker refused for the event itself (too large, invalid)");
        _environmentFailures = meter.CreateCounter<long>("ecommerce.consumer.environment_failures", "{failure}",
            "Batches the environment refused (database locked, full, read-only, unavailable); retried, never dead-lettered");
        _clientErrors = meter.CreateCounter<long>("ecommerce.consumer.client_errors", "{error}", "Errors the Kafka consumer client reported (retried)");
        _unknownTypes = meter.CreateCounter<long>("ecommerce.consumer.unknown_types", "{record}", "Records skipped because this build does not know their event type");
        _conflicts = meter.CreateCounter<long>("ecommerce.consumer.conflicts", "{batch}",
            "Batches applied again at once because another instance wrote the same rows meanwhile");

        // Read when scraped; both gauges of one scrape share one read per module.
        var backlogs = () => _backlogs.Get(() => modules.Select(m => (m.Name, Backlog: outbox.Read(m))).ToList());
        meter.CreateObservableGauge("ecommerce.outbox.pending", () => backlogs().Select(b => new Measurement<long>(b.Backlog.Pending, Module(b.Module))),
            "{event}", "Events committed and not yet acknowledged by the broker");
        meter.CreateObservableGauge("ecommerce.outbox.oldest_pending_age", () => backlogs().Select(b => new Measurement<double>(b.Backlog.OldestAge.TotalSeconds, Module(b.Module))),
            "s", "Age of the oldest event waiting in the outbox");
        meter.CreateObservableGauge("ecommerce.outbox.parked", () => backlogs().Select(b => new Measurement<long>(b.Backlog.Parked, Module(b.Module))),
            "{event}", "Events the broker refused too often, waiting for an operator (dead-letters retry|skip)");
        meter.CreateObservableGauge("ecommerce.consumer.waiting", () => _consumerWaiting.Select(w => new Measurement<long>(w.Value, Module(w.Key))),
            "{consumer}", "1 while a module's consumers wait for the environment to recover");
        meter.CreateObservableGauge("ecommerce.consumer.stalled_partitions", () => _stalledPartitions.Select(p => new Measurement<long>(p.Value, Module(p.Key))),
            "{partition}", "Partitions waiting for a dead letter to be published");
        meter.CreateObservableGauge("ecommerce.consumer.lag", () => _consumerLag.Select(l => new Measurement<long>(l.Value, Module(l.Key))),
            "{record}", "Records on the consumed topics not yet applied by the module");
    }

    public void Relayed(string module, int count) => _relayed.Add(count, Module(module));

    public void RelayFailed(string module) => _relayFailures.Add(1, Module(module));

    public void Consumed(string module, int count) => _consumed.Add(count, Module(module));

    public void Retried(string module) => _retried.Add(1, Module(module));

    public void Conflicted(string module) => _conflicts.Add(1, Module(module));

    public void UnknownEventType(string module, string type) =>
        _unknownTypes.Add(1, new KeyValuePair<string, object?>("module", module), new KeyValuePair<string, object?>("type", type));

    public void DeadLettered(string module) => _deadLettered.Add(1, Module(module));

    public void Rejected(string module, int count)
    {
        if (count > 0)
        {
            _rejected.Add(count, Module(module));
        }
    }

    public void EnvironmentFailed(string module) => _environmentFailures.Add(1, Module(module));

    public void ClientError(string module) => _clientErrors.Add(1, Module(module));

    public void ConsumerWaiting(string module, bool waiting) => _consumerWaiting[module] = waiting ? 1 : 0;

    public void StalledPartitions(string module, int count) => _stalledPartitions[module] = count;

    public void ConsumerLag(string module, long records) => _consumerLag[module] = records;

    private static KeyValuePair<string, object?> Module(string module) => new("module", module);

    /// <summary>A value computed at most once per <paramref name="lifetime"/>.</summary>
    private sealed class RecentValue<T>(TimeSpan lifetime)
        where T : class
    {
        private readonly Lock _gate = new();
        private T? _value;
        private long _readAt;

        public T Get(Func<T> read)
        {
            lock (_gate)
            {
                if (_value is null || System.Diagnostics.Stopwatch.GetElapsedTime(_readAt) > lifetime)
                {
                    _value = read();
                    _readAt = System.Diagnostics.Stopwatch.GetTimestamp();
                }

                return _value;
            }
        }
    }
}
