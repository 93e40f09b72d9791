using System.Reflection;
using System.Xml.Linq;
using Ecommerce.Host;
using Ecommerce.Platform.Messaging.Modules;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Architecture;

/// <summary>
/// What a module may depend on, checked for every module in the host's one list (<see cref="ModuleCatalog"/>):
/// other modules only through their Contracts, the platform only through its service defaults and
/// messaging core, never the broker client.
/// </summary>
public sealed class ModuleBoundaryTests
{
    public static TheoryData<string> Modules => [.. ModuleCatalog.All.Select(m => m.Name)];

    public static TheoryData<string, string> ModulePairs
    {
        get
        {
            var pairs = new TheoryData<string, string>();
            foreach (var module in ModuleCatalog.All)
            {
                foreach (var other in ModuleCatalog.All.Where(o => o != module))
                {
                    pairs.Add(module.Name, other.Name);
                }
            }

            return pairs;
        }
    }

    [Fact]
    public void Every_module_project_in_the_repository_is_in_the_host_list()
    {
        var folders = Directory.GetDirectories(Path.Combine(Repository.Root(), "Modules")).Select(Path.GetFileName);

        folders.Should().BeEquivalentTo(ModuleCatalog.All.Select(m => m.Name));
    }

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_assembly_references_no_other_module_except_its_contracts(string module, string other)
    {
        Assembly(module).GetReferencedAssemblies().Select(a => a.Name)
            .Should().NotContain($"Ecommerce.Modules.{other}");
    }

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_project_references_only_the_other_modules_contracts(string module, string other)
    {
        var references = ProjectReferences(ModuleProject(module)).Select(Path.GetFileNameWithoutExtension);

        references.Where(r => r!.Contains(other, StringComparison.Ordinal))
            .Should().OnlyContain(r => r == $"Ecommerce.Modules.{other}.Contracts");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_cannot_compile_against_the_kafka_client_not_even_through_the_platform(string module)
    {
        var projects = ProjectClosure(ModuleProject(module));

        projects.Select(Path.GetFileNameWithoutExtension).Should().NotContain("Ecommerce.Platform.Kafka");
        projects.SelectMany(PackageReferences).Should().NotContain("Confluent.Kafka", "the broker client belongs to the platform's Kafka transport");
        AssemblyClosure(Assembly(module)).Should().NotContain("Confluent.Kafka");
    }

    [Fact]
    public void Only_the_kafka_transport_allows_unsafe_code()
    {
        var allowing = Directory.EnumerateFiles(Repository.Root(), "*.*proj", SearchOption.AllDirectories)
            .Append(Path.Combine(Repository.Root(), "Directory.Build.props"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("<AllowUnsafeBlocks>true", StringComparison.Ordinal))
            .Select(Path.GetFileName);

        allowing.Should().Equal("Ecommerce.Platform.Kafka.csproj");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Contracts_projects_reference_nothing_but_the_framework_and_the_contract_attributes(string module)
    {
        var contracts = Path.Combine(Repository.Root(), "Modules", module, $"Ecommerce.Modules.{module}.Contracts", $"Ecommerce.Modules.{module}.Contracts.csproj");

        ProjectReferences(contracts).Select(Path.GetFileNameWithoutExtension).Should().Equal("Ecommerce.Platform.Contracts");
        PackageReferences(contracts).Should().BeEmpty();
        ProjectReferences(Path.Combine(Repository.Root(), "Platform", "Ecommerce.Platform.Contracts", "Ecommerce.Platform.Contracts.csproj")).Should().BeEmpty();
        PackageReferences(Path.Combine(Repository.Root(), "Platform", "Ecommerce.Platform.Contracts", "Ecommerce.Platform.Contracts.csproj")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_exposes_only_its_module_class(string module)
    {
        var assembly = Assembly(module);

        assembly.GetExportedTypes()
            .Where(t => !t.Namespace!.Contains(".Migrations", StringComparison.Ordinal)) // EF Core requires migrations to be public
            .Should().ContainSingle().Which.Should().BeAssignableTo<IModule>();
    }

    private static Assembly Assembly(string module) => ModuleCatalog.All.Single(m => m.Name == module).GetType().Assembly;

    private static string ModuleProject(string module) =>
        Path.Combine(Repository.Root(), "Modules", module, $"Ecommerce.Modules.{module}", $"Ecommerce.Modules.{module}.csproj");

    private static List<string> ProjectReferences(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, r.Attribute("Include")!.Value.Replace('\\', '/'))))
            .ToList();

    private static List<string> PackageReferences(string project) =>
        XDocument.Load(project).Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList();

    /// <summary>The project and every project it references, directly or not.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var next = new Stack<string>([project]);
        while (next.TryPop(out var current))
        {
            if (seen.Add(current))
            {
                ProjectReferences(current).ForEach(next.Push);
            }
        }

        return seen;
    }

    /// <summary>The names of every assembly the given one loads, directly or not (the framework's own aside).</summary>
    private static HashSet<string> AssemblyClosure(Assembly assembly)
    {
        var seen = new HashSet<string>();
        var next = new Stack<AssemblyName>(assembly.GetReferencedAssemblies());
        while (next.TryPop(out var name))
        {
            if (name.Name is null || name.Name.StartsWith("System", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft", StringComparison.Ordinal) || !seen.Add(name.Name))
            {
                continue;
            }

            foreach (var reference in System.Reflection.Assembly.Load(name).GetReferencedAssemblies())
            {
                next.Push(reference);
            }
        }

        return seen;
    }
}
