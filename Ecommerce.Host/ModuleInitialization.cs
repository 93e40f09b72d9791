using Ecommerce.Platform;

namespace Ecommerce.Host;

/// <summary>
/// Runs what the modules need before the host takes requests (migrating their databases). A database
/// that cannot be opened or written yet (a volume not mounted, another process holding the lock, a
/// server still starting) is the environment: it is waited for, with backoff and a log line each time,
/// never a reason to exit. Anything else stops the host.
/// </summary>
internal static partial class ModuleInitialization
{
    private static readonly Backoff Retry = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15));

    public static async Task RunAsync(IServiceProvider services, CancellationToken stopping)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ModuleInitialization));
        foreach (var initializer in services.GetServices<IModuleInitializer>())
        {
            for (var failures = 1; ; failures++)
            {
                try
                {
                    await initializer.InitializeAsync(stopping);
                    break;
                }
                catch (Exception e) when (Failures.IsEnvironmental(e) && !stopping.IsCancellationRequested)
                {
                    LogWaiting(logger, initializer.GetType().Name, e.GetBaseException().Message);
                    await Task.Delay(Retry.Delay(failures), stopping);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Initializer} cannot reach its database yet ({Reason}); trying again")]
    private static partial void LogWaiting(ILogger logger, string initializer, string reason);
}
