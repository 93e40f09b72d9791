using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Platform.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ecommerce.Platform.Messaging.Outbox;

/// <summary>
/// Wakes the instance that relays a module's outbox when another instance commits to it, so an event
/// written anywhere leaves within milliseconds, not at the next poll. On PostgreSQL: the relay of an
/// instance that does not hold the lease, after commits of its own, sends <c>NOTIFY</c> on the
/// module's channel, and every instance <c>LISTEN</c>s on it and wakes its relay. Notifications are
/// sent outside the writers' transactions, and a burst of commits costs one. The holder announces
/// giving the lease up the same way, so another instance takes it at once. On SQLite (one instance)
/// there is nobody else to wake.
/// </summary>
internal sealed partial class OutboxWakeUps(
    ModuleManifest module, IOptions<DatabaseOptions> database, IConfiguration configuration, ILogger<OutboxWakeUps> logger) : BackgroundService
{
    private static readonly Backoff Reconnect = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
    private readonly bool _enabled = database.Value.Provider == DatabaseProvider.PostgreSql;
    private readonly string _channel = $"ecommerce_outbox_{module.Schema}";
    private const string Released = "released";
    private NpgsqlDataSource? _notifier;
    private int _releaseNoticed;

    /// <summary>Tells whichever instance holds the lease that there is something to relay.</summary>
    public Task WakeTheRelayAsync(CancellationToken ct) => NotifyAsync("", ct);

    /// <summary>Tells the other instances that this one gave the lease up.</summary>
    public Task AnnounceReleaseAsync(CancellationToken ct) => NotifyAsync(Released, ct);

    /// <summary>Whether a holder announced giving the lease up since the last call.</summary>
    public bool TakeReleaseNotice() => Interlocked.Exchange(ref _releaseNoticed, 0) == 1;

    private async Task NotifyAsync(string payload, CancellationToken ct)
    {
        if (!_enabled)
        {
            return;
        }

        _notifier ??= NpgsqlDataSource.Create(ConnectionStringsOptions.EcommerceIn(configuration)!);
        await using var notify = _notifier.CreateCommand("SELECT pg_notify($1, $2)");
        notify.Parameters.AddWithValue(_channel);
        notify.Parameters.AddWithValue(payload);
        await notify.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            return;
        }

        for (var failures = 0; !stoppingToken.IsCancellationRequested;)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionStringsOptions.EcommerceIn(configuration));
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload == Released)
                    {
                        Interlocked.Exchange(ref _releaseNoticed, 1);
                    }

                    module.Signal.WakeUp();
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {_channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                failures = 0;
                // Anything committed while nobody listened is found by this pass.
                module.Signal.WakeUp();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The relay still polls meanwhile: a lost listener costs latency, never events.
                LogListenFailed(module.Name, e.Message);
                await Task.Delay(Reconnect.Delay(++failures), stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        _notifier?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for {Module} outbox commits of other instances failed ({Reason}); reconnecting, the relay polls meanwhile")]
    private partial void LogListenFailed(string module, string reason);
}
