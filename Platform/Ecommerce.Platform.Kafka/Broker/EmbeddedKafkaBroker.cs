using System.Runtime.InteropServices;
using System.Text;

namespace Ecommerce.Platform.Kafka.Broker;

/// <summary>
/// librdkafka's mock cluster, started in this process: it speaks the Kafka protocol (produce, fetch,
/// consumer groups, offsets, idempotence) on a loopback port, so the system runs with nothing
/// installed. It lives in memory and dies with its process: for development and tests, not durable.
/// Driven through librdkafka's C API (shipped with Confluent.Kafka) because the .NET client does not
/// expose topic creation or taking the broker down, which the outage tests need.
/// </summary>
public sealed partial class EmbeddedKafkaBroker : IDisposable
{
    private const int BrokerId = 1;
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    static EmbeddedKafkaBroker() => NativeLibrary.SetDllImportResolver(typeof(EmbeddedKafkaBroker).Assembly, ResolveLibrdkafka);

    public EmbeddedKafkaBroker()
    {
        var errors = new StringBuilder(512);
        var conf = NativeMethods.rd_kafka_conf_new();
        // This handle only hosts the cluster; its own "no bootstrap.servers" notice is noise.
        NativeMethods.rd_kafka_conf_set(conf, "log_level", "3", errors, (UIntPtr)errors.Capacity);
        _handle = NativeMethods.rd_kafka_new(0 /* producer */, conf, errors, (UIntPtr)errors.Capacity);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"Could not start the embedded Kafka broker: {errors}");
        }

        _cluster = NativeMethods.rd_kafka_mock_cluster_new(_handle, 1);
        if (_cluster == IntPtr.Zero)
        {
            NativeMethods.rd_kafka_destroy(_handle);
            throw new InvalidOperationException("Could not start the embedded Kafka broker.");
        }

        // A consumer group forms as soon as its first member joins, instead of after a 3 s grace period.
        NativeMethods.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    /// <summary>The address clients connect to, e.g. 127.0.0.1:41234.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic with the given partitions; the mock has no controller for the admin API.</summary>
    public void CreateTopic(string topic, int partitions)
    {
        var error = NativeMethods.rd_kafka_mock_topic_create(_cluster, topic, partitions, 1);
        if (error != 0 && error != 36 /* TOPIC_ALREADY_EXISTS */)
        {
            throw new InvalidOperationException($"Could not create topic '{topic}' (librdkafka error {error}).");
        }
    }

    /// <summary>Drops every connection and refuses new ones, as a broker outage would.</summary>
    public void TakeDown() => NativeMethods.rd_kafka_mock_broker_set_down(_cluster, BrokerId);

    public void BringUp() => NativeMethods.rd_kafka_mock_broker_set_up(_cluster, BrokerId);

    /// <summary>
    /// Makes the broker answer requests about <paramref name="topic"/> with <paramref name="error"/> (e.g.
    /// 29, TOPIC_AUTHORIZATION_FAILED), as a broker refusing a client that topic would; 0 clears it.
    /// </summary>
    public void SetTopicError(string topic, int error) => NativeMethods.rd_kafka_mock_topic_set_error(_cluster, topic, error);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMethods.rd_kafka_mock_cluster_destroy(_cluster);
        NativeMethods.rd_kafka_destroy(_handle);
    }

    // Confluent.Kafka ships several builds: the plain Linux one links libsasl2.so.3, which Debian and
    // Ubuntu name libsasl2.so.2; the centos8 one links nothing but glibc. Take the first that loads.
    private static IntPtr ResolveLibrdkafka(string libraryName, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.Library)
        {
            return IntPtr.Zero;
        }

        // Under runtimes/<rid>/native in a build; beside the app in a RID-specific publish.
        string[] folders = [Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"), AppContext.BaseDirectory];
        var candidates = OperatingSystem.IsLinux()
            ? folders.SelectMany(folder => new[] { Path.Combine(folder, "librdkafka.so"), Path.Combine(folder, "centos8-librdkafka.so") })
            : [libraryName];
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    private static partial class NativeMethods
    {
        internal const string Library = "librdkafka";

        [LibraryImport(Library)]
        internal static partial IntPtr rd_kafka_conf_new();

        [DllImport(Library, CharSet = CharSet.Ansi)]
#pragma warning disable CA1838 // The error buffer is written once, on a failure path.
        internal static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);
#pragma warning restore CA1838

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
#pragma warning disable CA1838 // As above.
        internal static extern int rd_kafka_conf_set(IntPtr conf, string name, string value, StringBuilder errstr, UIntPtr errstrSize);
#pragma warning restore CA1838

        [LibraryImport(Library)]
        internal static partial void rd_kafka_destroy(IntPtr rk);

        [LibraryImport(Library)]
        internal static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

        [LibraryImport(Library)]
        internal static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

        [LibraryImport(Library)]
        internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

        [LibraryImport(Library)]
        internal static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

        [LibraryImport(Library)]
        internal static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

        [LibraryImport(Library)]
        internal static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

        [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void rd_kafka_mock_topic_set_error(IntPtr cluster, string topic, int error);
    }
}
