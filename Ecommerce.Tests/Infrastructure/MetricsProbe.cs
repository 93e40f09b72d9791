using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ecommerce.Platform.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>Sums one host's messaging counters (by instrument and module), to wait on what its pipeline did.</summary>
public sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Module), long> _sums = new();

    public MetricsProbe(IServiceProvider hostServices)
    {
        // Meters from this host's factory only: other hosts run in the same test process.
        var factory = hostServices.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
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

            _sums.AddOrUpdate((instrument.Name, module), value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public long Sum(string instrument, string module) => _sums.GetValueOrDefault((instrument, module));

    public void Dispose() => _listener.Dispose();
}
