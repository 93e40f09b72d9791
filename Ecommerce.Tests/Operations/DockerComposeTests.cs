using System.Text.Json;
using Ecommerce.Host;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using YamlDotNet.RepresentationModel;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// No Docker engine runs here, so the compose file is checked as text: every setting it gives the host
/// must be one the host reads, or a typo would silently fall back to a default in production.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string[] FrameworkVariables = ["ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS", "DOTNET_ENVIRONMENT"];

    public static TheoryData<string, string> HostVariables()
    {
        var data = new TheoryData<string, string>();
        foreach (var (service, variable) in HostServicesEnvironment())
        {
            data.Add(service, variable);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostVariables))]
    public void Each_environment_variable_the_compose_file_gives_the_host_is_a_real_configuration_key(string service, string variable)
    {
        var key = variable.Replace("__", ":", StringComparison.Ordinal);

        var known = FrameworkVariables.Contains(variable) || KnownKeys().Any(k => k.EndsWith(":*", StringComparison.Ordinal)
            ? key.StartsWith(k[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(k, key, StringComparison.OrdinalIgnoreCase));

        known.Should().BeTrue($"service '{service}' sets {variable}, which should map to a key the host reads");
    }

    [Fact]
    public void The_check_rejects_a_misspelt_key()
    {
        KnownKeys().Should().Contain("Kafka:BootstrapServers").And.NotContain("Kafka:BootstrapServer");
        HostServicesEnvironment().Should().NotBeEmpty();
    }

    [Fact]
    public void The_split_and_scaled_out_services_use_their_own_topics_and_consumer_groups_so_they_never_see_the_monolith_s_events()
    {
        var monolith = Environment("ecommerce");
        foreach (var service in new[] { "users-service", "orders-service", "ecommerce-postgres" })
        {
            var split = Environment(service);
            split["Kafka__ConsumerGroupPrefix"].Should().NotBe(monolith.GetValueOrDefault("Kafka__ConsumerGroupPrefix", "ecommerce-"));
            split["Kafka__Topics__users"].Should().NotBe(monolith.GetValueOrDefault("Kafka__Topics__users", "ecommerce.users"));
            split["Kafka__Topics__orders"].Should().NotBe(monolith.GetValueOrDefault("Kafka__Topics__orders", "ecommerce.orders"));
        }
    }

    [Fact]
    public void The_postgres_profile_runs_two_or_more_host_instances_on_the_postgres_service()
    {
        var host = Services()["ecommerce-postgres"];
        var replicas = ((YamlMappingNode)host.Children[new YamlScalarNode("deploy")]).Children[new YamlScalarNode("replicas")].ToString();
        int.Parse(replicas, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(2);

        var environment = Environment("ecommerce-postgres");
        environment["Database__Provider"].Should().Be("PostgreSql");
        environment["ConnectionStrings__Ecommerce"].Should().Contain("Host=postgres;");
        var dependsOn = (YamlMappingNode)host.Children[new YamlScalarNode("depends_on")];
        ((YamlMappingNode)dependsOn.Children[new YamlScalarNode("postgres")]).Children[new YamlScalarNode("condition")].ToString()
            .Should().Be("service_healthy", "migrations run at startup and need the database up");
        Profiles("postgres").Should().Equal(Profiles("ecommerce-postgres"));
    }

    [Fact]
    public void Every_long_running_service_restarts_after_a_crash()
    {
        foreach (var (name, service) in Services().Where(s => s.Key != "kafka-init"))
        {
            service.Children.Should().ContainKey(new YamlScalarNode("restart"), $"service '{name}' should come back after a crash or a reboot");
            service.Children[new YamlScalarNode("restart")].ToString().Should().Be("unless-stopped");
        }
    }

    [Fact]
    public void No_service_publishes_kafka_on_all_interfaces()
    {
        var published = Services()
            .SelectMany(s => Ports(s.Value).Select(port => (Service: s.Key, Port: port)))
            .Where(p => RunsKafka(Services()[p.Service]) || KafkaPorts.Contains(ContainerPort(p.Port)))
            .ToList();

        published.Where(p => !IsLoopback(HostAddress(p.Port)))
            .Select(p => $"{p.Service}: {p.Port}")
            .Should().BeEmpty("an unauthenticated listener on every interface lets anyone who reaches the machine read and forge events");
    }

    [Fact]
    public void The_port_check_tells_loopback_from_all_interfaces()
    {
        string[] loopback = ["127.0.0.1:29092:29092", "[::1]:29092:29092", "localhost:29092:29092"];
        string[] everywhere = ["29092:29092", "29092", "0.0.0.0:29092:29092", "[::]:29092:29092"];

        loopback.Should().AllSatisfy(p => IsLoopback(HostAddress(new YamlScalarNode(p))).Should().BeTrue(p));
        everywhere.Should().AllSatisfy(p => IsLoopback(HostAddress(new YamlScalarNode(p))).Should().BeFalse(p));
        ContainerPort(new YamlScalarNode("127.0.0.1:29092:29092/tcp")).Should().Be("29092");
    }

    // Kafka's usual client and controller ports, and the host listener ours advertises.
    private static readonly string[] KafkaPorts = ["9092", "9093", "29092"];

    private static bool RunsKafka(YamlMappingNode service) =>
        service.Children.TryGetValue(new YamlScalarNode("image"), out var image) && image.ToString().Contains("kafka", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<YamlNode> Ports(YamlMappingNode service) =>
        service.Children.TryGetValue(new YamlScalarNode("ports"), out var ports) ? ((YamlSequenceNode)ports).Children : [];

    /// <summary>The address a published port is bound to on the host: null when none is given, which means every interface.</summary>
    private static string? HostAddress(YamlNode port)
    {
        if (port is YamlMappingNode longSyntax)
        {
            return longSyntax.Children.TryGetValue(new YamlScalarNode("host_ip"), out var ip) ? ip.ToString() : null;
        }

        var text = port.ToString();
        if (text.StartsWith('['))
        {
            return text[1..text.IndexOf(']', StringComparison.Ordinal)];
        }

        var parts = text.Split(':');
        return parts.Length == 3 ? parts[0] : null;
    }

    private static string ContainerPort(YamlNode port) =>
        port is YamlMappingNode longSyntax ? longSyntax.Children[new YamlScalarNode("target")].ToString() : port.ToString().Split(':')[^1].Split('/')[0];

    private static bool IsLoopback(string? address) =>
        address == "localhost" || (System.Net.IPAddress.TryParse(address, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    [Fact]
    public void Every_host_publishes_its_api_port_and_its_management_port_on_the_loopback_interface_only()
    {
        var hosts = HostServicesEnvironment().Select(v => v.Service).Distinct().ToList();
        hosts.Should().NotBeEmpty();
        foreach (var service in hosts)
        {
            var environment = Environment(service);
            var apiPort = environment.GetValueOrDefault("ASPNETCORE_HTTP_PORTS", "8080");
            var managementPort = environment.GetValueOrDefault("Management__Port", "8081");
            var ports = ((YamlSequenceNode)Services()[service].Children[new YamlScalarNode("ports")]).Children.Select(p => p.ToString()).ToList();

            ports.Should().Contain(p => ContainerPort(p) == apiPort, $"service '{service}' serves its API");
            ports.Where(p => ContainerPort(p) == managementPort).Should()
                .OnlyContain(p => p.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"service '{service}' must not publish /metrics and /health to the world");
        }
    }

    [Fact]
    public void The_container_health_check_asks_readiness_on_the_management_port()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Repository.Root(), "Dockerfile"));
        var healthCheck = dockerfile.Single(l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        healthCheck.Should().Contain("\"health-check\"]", "the host finds its own management port, as configured");
        var environment = ImageEnvironment(dockerfile);

        var url = Health.ReadinessUrl(
            new ConfigurationBuilder().AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(
                e.Key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ? e.Key["ASPNETCORE_".Length..].ToLowerInvariant() : e.Key.Replace("__", ":", StringComparison.Ordinal),
                e.Value))).Build(),
            new HostingEnvironment { EnvironmentName = environment["ASPNETCORE_ENVIRONMENT"] });

        url.Should().Be($"http://localhost:{environment["Management__Port"]}/health/ready");
        dockerfile.Single(l => l.StartsWith("EXPOSE", StringComparison.Ordinal)).Split(' ').Should().Contain(environment["Management__Port"]);
    }

    // "127.0.0.1:9080:8081", "8090-8091:8080", "8080/tcp": the container's side is last.
    private static string ContainerPort(string mapping) => mapping.Split('/')[0].Split(':')[^1];

    /// <summary>The runtime image's ENV instruction (the last one: the build stage's come first).</summary>
    private static Dictionary<string, string> ImageEnvironment(string[] dockerfile)
    {
        var start = Array.FindLastIndex(dockerfile, l => l.StartsWith("ENV ", StringComparison.Ordinal));
        var lines = dockerfile.Skip(start).TakeWhile((l, i) => i == 0 || dockerfile[start + i - 1].TrimEnd().EndsWith('\\'));
        return lines.SelectMany(l => l.Replace("ENV ", "", StringComparison.Ordinal).TrimEnd('\\', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    private static Dictionary<string, YamlMappingNode> Services()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Repository.Root(), "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        return services.Children.ToDictionary(s => s.Key.ToString(), s => (YamlMappingNode)s.Value);
    }

    private static List<string> Profiles(string service) =>
        ((YamlSequenceNode)Services()[service].Children[new YamlScalarNode("profiles")]).Children.Select(p => p.ToString()).ToList();

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlMappingNode)Services()[service].Children[new YamlScalarNode("environment")]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());

    /// <summary>Environment variables of the services that run the host's image (built from the Dockerfile).</summary>
    private static List<(string Service, string Variable)> HostServicesEnvironment()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Repository.Root(), "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        var result = new List<(string, string)>();
        foreach (var (name, definition) in services.Children)
        {
            var service = (YamlMappingNode)definition;
            var runsHost = service.Children.ContainsKey(new YamlScalarNode("build"))
                || (service.Children.TryGetValue(new YamlScalarNode("image"), out var image) && image.ToString().StartsWith("ecommerce", StringComparison.Ordinal));
            if (runsHost && service.Children.TryGetValue(new YamlScalarNode("environment"), out var environment))
            {
                var variables = environment is YamlMappingNode map
                    ? map.Children.Keys.Select(k => k.ToString())
                    : ((YamlSequenceNode)environment).Children.Select(e => e.ToString().Split('=')[0]);
                result.AddRange(variables.Select(v => (name.ToString(), v)));
            }
        }

        return result;
    }

    /// <summary>The keys the host binds (its options classes) or reads (its appsettings files); "X:*" allows any key below X.</summary>
    private static HashSet<string> KnownKeys()
    {
        // A dictionary's "<name>" placeholder stands for any key below it.
        var keys = new HashSet<string>(ConfigurationKeys.Bound().Select(k => k.EndsWith('>') ? k[..k.LastIndexOf(':')] + ":*" : k), StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root(), "Ecommerce.Host"), "appsettings*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            AddJson(keys, "", json.RootElement);
        }

        keys.Add("Logging:*");
        keys.Add("Authentication:Schemes:Bearer:*"); // bound by the framework's JwtBearer handler, not an options class of ours
        return keys;
    }

    private static void AddJson(HashSet<string> keys, string prefix, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            keys.Add(prefix);
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            AddJson(keys, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", property.Value);
        }
    }
}
