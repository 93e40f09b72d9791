using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ecommerce.Platform.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// Sums one host's messaging counters (by instrument and module), to wait on what its pipeline did.
/// A listener sees only what is counted after it starts: to count what a host does while it starts
/// (consumers meeting missing topics, events replayed after a restart), create the probe before the
/// host starts, with <see cref="MetricsProbe(TestHost)"/>.
/// </summary>
public sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();

    // By the meter's factory: other hosts run in the same test process, and before its host has
    // started the probe cannot tell which factory is its host's.
    private readonly ConcurrentDictionary<(object? Factory, string Instrument, string Module), long> _sums = new();
    private readonly Lazy<IMeterFactory> _factory;

    /// <summary>Counts from now on, the host's start included when it has not started yet (reading a sum starts it).</summary>
    public MetricsProbe(TestHost host)
        : this(new Lazy<IMeterFactory>(() => host.Services.GetRequiredService<IMeterFactory>()))
    {
    }

    /// <summary>Counts from now on what the host, already started, does.</summary>
    public MetricsProbe(IServiceProvider hostServices)
        : this(new Lazy<IMeterFactory>(hostServices.GetRequiredService<IMeterFactory>()))
    {
    }

    private MetricsProbe(Lazy<IMeterFactory> hostMeters)
    {
        _factory = hostMeters;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var module = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "module")
                {
                    module = tag.Value as string ?? "";
                }
            }

            _sums.AddOrUpdate((instrument.Meter.Scope, instrument.Name, module), value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public long Sum(string instrument, string module) => _sums.GetValueOrDefault((_factory.Value, instrument, module));

    public void Dispose() => _listener.Dispose();
}
