namespace Ecommerce.Platform.Kafka.Consuming;

/// <summary>
/// What one module's consume loop is waiting on, if anything, for readiness and metrics: the
/// environment (a database refusing the batch), a dead letter that cannot be published (its partition
/// stalls), or the client itself (broker errors).
/// </summary>
public sealed class ConsumerStatus(string module)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Wait> _stalledPartitions = [];
    // A client error counts as "failing" until the client has been quiet this long.
    private static readonly TimeSpan ClientQuietPeriod = TimeSpan.FromSeconds(30);
    private Wait? _environment;
    private Wait? _clientError;
    private DateTimeOffset _lastClientError;
    private readonly Dictionary<string, long> _unknownTypes = [];

    public string Module { get; } = module;

    public sealed record Wait(DateTimeOffset Since, string Reason);

    /// <summary>A snapshot: waits in force now.</summary>
    public sealed record Snapshot(Wait? Environment, IReadOnlyDictionary<string, Wait> StalledPartitions, Wait? ClientError, IReadOnlyDictionary<string, long> UnknownTypes);

    /// <summary>Distinct unknown types kept by name; anyone can write a type on a topic, so beyond these they share one name.</summary>
    public const int MaxUnknownTypes = 20;

    public const string OtherUnknownTypes = "(other types)";

    /// <summary>Counts a skipped record of a type this build does not know.</summary>
    /// <returns>The name it is counted under, and whether it is the first of that name.</returns>
    public (string CountedAs, bool First) UnknownTypeSkipped(string type)
    {
        lock (_gate)
        {
            var name = _unknownTypes.ContainsKey(type) || _unknownTypes.Count < MaxUnknownTypes ? type : OtherUnknownTypes;
            var count = _unknownTypes.GetValueOrDefault(name) + 1;
            _unknownTypes[name] = count;
            return (name, count == 1);
        }
    }

    public void WaitingOnEnvironment(DateTimeOffset now, string reason)
    {
        lock (_gate)
        {
            _environment = new Wait(_environment?.Since ?? now, reason);
        }
    }

    public void EnvironmentRecovered()
    {
        lock (_gate)
        {
            _environment = null;
        }
    }

    /// <summary>A new client starts from the committed offsets: the old client's waits are over.</summary>
    public void ClientRebuilt()
    {
        lock (_gate)
        {
            _environment = null;
            _stalledPartitions.Clear();
        }
    }

    public void PartitionStalled(string partition, DateTimeOffset now, string reason)
    {
        lock (_gate)
        {
            _stalledPartitions[partition] = new Wait(_stalledPartitions.GetValueOrDefault(partition)?.Since ?? now, reason);
        }
    }

    public void PartitionFlowing(string partition)
    {
        lock (_gate)
        {
            _stalledPartitions.Remove(partition);
        }
    }

    /// <summary>The client reported an error; errors less than <see cref="ClientQuietPeriod"/> apart make one streak.</summary>
    public void ClientFailing(DateTimeOffset now, string reason)
    {
        lock (_gate)
        {
            var streaking = _clientError is not null && now - _lastClientError < ClientQuietPeriod;
            _clientError = new Wait(streaking ? _clientError!.Since : now, reason);
            _lastClientError = now;
        }
    }

    /// <summary>The client delivered records again: whatever it reported before is over.</summary>
    public void ClientWorking()
    {
        lock (_gate)
        {
            _clientError = null;
        }
    }

    public Snapshot Read(DateTimeOffset now)
    {
        lock (_gate)
        {
            var clientError = _clientError is not null && now - _lastClientError < ClientQuietPeriod ? _clientError : null;
            return new Snapshot(_environment, new Dictionary<string, Wait>(_stalledPartitions), clientError, new Dictionary<string, long>(_unknownTypes));
        }
    }
}
