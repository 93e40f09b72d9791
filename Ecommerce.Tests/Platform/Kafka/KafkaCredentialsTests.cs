using System.Text.RegularExpressions;
using Confluent.Kafka;
using Ecommerce.Platform.Kafka;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ecommerce.Tests.Platform.Kafka;

/// <summary>
/// Every client the host builds (the producer, the consumers, the broker probe's and the dead-letter
/// command's admin clients) connects the one configured way: the protocol, the SASL credentials and the
/// TLS authorities come from <see cref="KafkaConnection"/>, and no client is configured anywhere else.
/// </summary>
public sealed partial class KafkaCredentialsTests
{
    [Fact]
    public void Sasl_credentials_and_the_tls_authorities_reach_the_producer_the_consumers_and_the_admin_client()
    {
        var options = new KafkaOptions
        {
            BootstrapServers = "kafka:9093",
            SecurityProtocol = KafkaSecurityProtocol.SaslSsl,
            Sasl = { Mechanism = KafkaSaslMechanism.ScramSha512, Username = "shop", Password = "s3cret" },
            Ssl = { CaLocation = "/etc/ssl/kafka-ca.pem" },
        };

        Configs(options).Should().AllSatisfy(config =>
        {
            config.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
            config.SaslMechanism.Should().Be(SaslMechanism.ScramSha512);
            config.SaslUsername.Should().Be("shop");
            config.SaslPassword.Should().Be("s3cret");
            config.SslCaLocation.Should().Be("/etc/ssl/kafka-ca.pem");
            config.SslCaPem.Should().BeNull();
        });
    }

    [Theory]
    [InlineData(KafkaSaslMechanism.Plain, SaslMechanism.Plain)]
    [InlineData(KafkaSaslMechanism.ScramSha256, SaslMechanism.ScramSha256)]
    [InlineData(KafkaSaslMechanism.ScramSha512, SaslMechanism.ScramSha512)]
    public void Each_sasl_mechanism_is_the_one_librdkafka_is_given(KafkaSaslMechanism mechanism, SaslMechanism expected)
    {
        var options = new KafkaOptions
        {
            BootstrapServers = "kafka:9092",
            SecurityProtocol = KafkaSecurityProtocol.SaslPlaintext,
            Sasl = { Mechanism = mechanism, Username = "shop", Password = "s3cret" },
        };

        Configs(options).Should().AllSatisfy(config =>
        {
            config.SecurityProtocol.Should().Be(SecurityProtocol.SaslPlaintext);
            config.SaslMechanism.Should().Be(expected);
        });
    }

    [Fact]
    public void Tls_alone_takes_the_authorities_as_pem_text_and_sends_no_credentials()
    {
        var options = new KafkaOptions { BootstrapServers = "kafka:9093", SecurityProtocol = KafkaSecurityProtocol.Ssl, Ssl = { CaPem = "-----BEGIN CERTIFICATE-----" } };

        Configs(options).Should().AllSatisfy(config =>
        {
            config.SecurityProtocol.Should().Be(SecurityProtocol.Ssl);
            config.SslCaPem.Should().Be("-----BEGIN CERTIFICATE-----");
            config.SaslMechanism.Should().BeNull();
            config.SaslPassword.Should().BeNull();
        });
    }

    [Fact]
    public void By_default_clients_connect_in_plaintext_without_credentials()
    {
        Configs(new KafkaOptions { BootstrapServers = "kafka:9092" }).Should().AllSatisfy(config =>
        {
            config.SecurityProtocol.Should().Be(SecurityProtocol.Plaintext);
            config.SaslUsername.Should().BeNull();
            config.SaslPassword.Should().BeNull();
            config.SslCaLocation.Should().BeNull();
        });
    }

    [Fact]
    public void No_kafka_client_of_the_platform_or_the_host_is_configured_outside_KafkaConnection()
    {
        var sources = new[] { "Platform", "Ecommerce.Host" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository.Root(), folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "KafkaConnection.cs");

        sources.SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => OwnClientConfig().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.number}: {l.line.Trim()}")
            .Should().BeEmpty("a client configured elsewhere would connect without the cluster's credentials");
        OwnClientConfig().IsMatch("new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = servers })").Should().BeTrue();
        OwnClientConfig().IsMatch("new AdminClientBuilder(settings)").Should().BeTrue();
        OwnClientConfig().IsMatch("new ConsumerBuilder<byte[], byte[]>(connection.ConsumerConfig(group))").Should().BeFalse();
        OwnClientConfig().IsMatch("new AdminClientBuilder(_connection.AdminConfig())").Should().BeFalse();
    }

    private static ClientConfig[] Configs(KafkaOptions options)
    {
        using var connection = new KafkaConnection(Options.Create(options), [], NullLogger<KafkaConnection>.Instance);
        return [connection.ProducerConfig(), connection.ConsumerConfig("ecommerce-orders"), connection.AdminConfig()];
    }

    // A client config of its own, or a builder given anything but the connection's.
    [GeneratedRegex(@"new (Producer|Consumer|AdminClient|Client)Config\b|\b(ProducerBuilder<[^(]*>|ConsumerBuilder<[^(]*>|AdminClientBuilder)\((?!\s*_?connection\.)")]
    private static partial Regex OwnClientConfig();
}
