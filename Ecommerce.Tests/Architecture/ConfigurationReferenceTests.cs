using System.Text.RegularExpressions;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Architecture;

/// <summary>
/// docs/configuration.md is the configuration reference: every key an options class binds is in it,
/// and every key it names exists. An options class is one with a <c>SectionName</c> constant.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    [Fact]
    public void Every_bound_option_key_is_in_the_configuration_reference()
    {
        var reference = File.ReadAllText(ReferencePath());

        ConfigurationKeys.Bound().Where(key => !reference.Contains($"`{key}`", StringComparison.Ordinal))
            .Should().BeEmpty("docs/configuration.md must document every key the host binds");
    }

    [Fact]
    public void Every_key_in_the_configuration_reference_is_bound()
    {
        var bound = ConfigurationKeys.Bound().ToHashSet();
        var sections = bound.Select(k => k.Split(':')[0]).ToHashSet();

        DocumentedKey().Matches(File.ReadAllText(ReferencePath())).Select(m => m.Groups[1].Value)
            .Where(key => sections.Contains(key.Split(':')[0]))
            .Where(key => !bound.Contains(key))
            .Should().BeEmpty("docs/configuration.md must not name keys nothing reads");
    }

    [Fact]
    public void The_reference_knows_the_keys_this_test_derives()
    {
        ConfigurationKeys.Bound().Should().Contain(["Outbox:BatchSize", "Kafka:Consumer:MaxAttempts", "Kafka:Topics:<stream>", "Modules:Enabled", "Database:DataDirectory"]);
    }

    private static string ReferencePath() => Path.Combine(Repository.Root(), "docs", "configuration.md");

    [GeneratedRegex(@"`([A-Z][A-Za-z]+(?::[A-Za-z<>]+)+)`")]
    private static partial Regex DocumentedKey();
}
