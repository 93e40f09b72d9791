using System.Diagnostics.Metrics;

namespace Ecommerce.Modules.Shared.Messaging;

/// <summary>Counters of the event pipeline, tagged by module (meter <c>Ecommerce.Messaging</c>).</summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "Ecommerce.Messaging";

    private readonly Counter<long> _relayed;
    private readonly Counter<long> _relayFailures;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;

    public MessagingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _relayed = meter.CreateCounter<long>("ecommerce.outbox.relayed", "{event}", "Outbox events the broker acknowledged");
        _relayFailures = meter.CreateCounter<long>("ecommerce.outbox.relay_failures", "{failure}", "Relay passes that could not send every event");
        _consumed = meter.CreateCounter<long>("ecommerce.consumer.processed", "{event}", "Events applied by consumers");
        _retried = meter.CreateCounter<long>("ecommerce.consumer.retried", "{attempt}", "Failed attempts at an event that were retried");
        _deadLettered = meter.CreateCounter<long>("ecommerce.consumer.dead_lettered", "{record}", "Records moved to a dead-letter topic");
    }

    public void Relayed(string module, int count) => _relayed.Add(count, Module(module));

    public void RelayFailed(string module) => _relayFailures.Add(1, Module(module));

    public void Consumed(string module, int count) => _consumed.Add(count, Module(module));

    public void Retried(string module) => _retried.Add(1, Module(module));

    public void DeadLettered(string module) => _deadLettered.Add(1, Module(module));

    private static KeyValuePair<string, object?> Module(string module) => new("module", module);
}
