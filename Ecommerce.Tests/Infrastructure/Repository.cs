namespace Ecommerce.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The checkout's root folder (the one holding Ecommerce.sln), found from the test binaries.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ecommerce.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Ecommerce.sln not found above the test binaries.");
    }
}
