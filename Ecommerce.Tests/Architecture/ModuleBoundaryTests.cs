using System.Reflection;
using System.Xml.Linq;
using Ecommerce.Modules.Orders;
using Ecommerce.Modules.Users;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Architecture;

public sealed class ModuleBoundaryTests
{
    private static readonly string[] Modules = ["Users", "Orders"];

    public static TheoryData<string, string> ModulePairs => new() { { "Users", "Orders" }, { "Orders", "Users" } };

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_assembly_references_no_other_module_except_its_contracts(string module, string other)
    {
        var assembly = module == "Users" ? typeof(UsersModule).Assembly : typeof(OrdersModule).Assembly;

        assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Should().NotContain($"Ecommerce.Modules.{other}");
    }

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_project_references_only_the_other_modules_contracts(string module, string other)
    {
        var references = ProjectReferences(Path.Combine("Modules", module, $"Ecommerce.Modules.{module}", $"Ecommerce.Modules.{module}.csproj"));

        references.Where(r => r.Contains(other, StringComparison.Ordinal))
            .Should().OnlyContain(r => r == $"Ecommerce.Modules.{other}.Contracts");
    }

    [Fact]
    public void Contracts_projects_reference_nothing_but_the_framework()
    {
        foreach (var module in Modules)
        {
            ProjectReferences(Path.Combine("Modules", module, $"Ecommerce.Modules.{module}.Contracts", $"Ecommerce.Modules.{module}.Contracts.csproj"))
                .Should().BeEmpty();
        }
    }

    [Fact]
    public void A_module_exposes_only_its_registration_and_endpoint_doors()
    {
        foreach (var assembly in new[] { typeof(UsersModule).Assembly, typeof(OrdersModule).Assembly })
        {
            assembly.GetExportedTypes().Select(t => t.Name)
                .Where(n => !n.StartsWith('<'))
                .Where(n => !IsMigration(assembly, n))
                .Should().OnlyContain(n => n.EndsWith("Module", StringComparison.Ordinal));
        }
    }

    // EF Core requires migrations to be public; they are generated code, not API.
    private static bool IsMigration(Assembly assembly, string typeName) =>
        assembly.GetExportedTypes().Any(t => t.Name == typeName && t.Namespace!.EndsWith(".Migrations", StringComparison.Ordinal));

    private static List<string> ProjectReferences(string relativePath)
    {
        var project = XDocument.Load(Path.Combine(Repository.Root(), relativePath));
        return project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
    }
}
