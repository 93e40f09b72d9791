namespace Ecommerce.Platform;

/// <summary>Work a module needs done before the host accepts requests (e.g. migrating its database).</summary>
public interface IModuleInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
