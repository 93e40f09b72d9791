using Ecommerce.Benchmark;
using Ecommerce.Tests.Faults;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Operations;

/// <summary>
/// The broker password comes from the environment and never leaves the process in its output, not even
/// at Debug with librdkafka's own lines. The real host process, SASL/PLAIN configured, on its embedded
/// broker: librdkafka's mock cluster has no SASL, so every client tries to authenticate, is refused, and
/// says why, over and over: the lines where a credential would leak if any did.
/// </summary>
public sealed class KafkaSecretsTests
{
    [Fact]
    public async Task The_sasl_password_never_appears_in_the_host_s_output_even_at_debug_level()
    {
        var password = $"pw-{Guid.NewGuid():N}";
        var host = await HostUnderTest.StartAsync(Repository.Root(), bootstrapServers: null, new Dictionary<string, string>
        {
            ["Kafka__SecurityProtocol"] = "SaslPlaintext",
            ["Kafka__Sasl__Mechanism"] = "Plain",
            ["Kafka__Sasl__Username"] = "ecommerce",
            ["Kafka__Sasl__Password"] = password,
            ["Logging__LogLevel__Default"] = "Debug",
            // The final send on the way down gives up sooner on a broker that refuses it.
            ["Kafka__Producer__MessageTimeoutMs"] = "3000",
        }, configuration: FaultSuite.Configuration);
        IReadOnlyList<string> output;
        try
        {
            // An event in the outbox, so the producer tries too, not only the consumers.
            await host.Client.CreateUserAsync();
            await Eventually.True(
                () => host.Process.Output.Any(IsAuthenticationFailure("Kafka producer")) && host.Process.Output.Any(IsAuthenticationFailure("Kafka consumer")),
                "the producer and the consumers to have tried to authenticate");
        }
        finally
        {
            await host.DisposeAsync(); // a graceful stop, whose lines count too
            output = host.Process.Output;
        }

        output.Should().Contain(line => line.Contains("dbug:", StringComparison.Ordinal), "the host logged at Debug");
        output.Where(line => line.Contains(password, StringComparison.Ordinal)).Should().BeEmpty("the password is a secret");
    }

    private static Func<string, bool> IsAuthenticationFailure(string client) =>
        line => line.Contains(client, StringComparison.Ordinal) && line.Contains("SASL", StringComparison.Ordinal);
}
