using Ecommerce.Host;
using Microsoft.Extensions.Configuration;

namespace Ecommerce.Tests.Operations;

/// <summary>The module switch (<c>Modules:Enabled</c>), read against the one list of modules.</summary>
public sealed class ModuleCatalogTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Users,Orders")]
    [InlineData(" orders , USERS ")]
    public void Unset_or_naming_both_runs_every_module(string? value)
    {
        ModuleCatalog.Enabled(Configuration(value)).Select(m => m.Name).Should().BeEquivalentTo("Users", "Orders");
    }

    [Theory]
    [InlineData("Users", "Users")]
    [InlineData("orders", "Orders")]
    public void One_name_runs_that_module_alone(string value, string module)
    {
        ModuleCatalog.Enabled(Configuration(value)).Select(m => m.Name).Should().Equal(module);
    }

    [Theory]
    [InlineData("Users,Payments")]
    [InlineData(",")]
    public void An_unknown_or_empty_list_is_refused_naming_the_key_and_the_known_modules(string value)
    {
        var read = () => ModuleCatalog.Enabled(Configuration(value));

        read.Should().Throw<Ecommerce.Platform.InvalidConfigurationException>().WithMessage("Modules:Enabled must list modules among Users, Orders*");
    }

    private static IConfiguration Configuration(string? enabled) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ModuleCatalog.EnabledKey] = enabled }).Build();
}
