namespace Ecommerce.Tests.Infrastructure;

public static class TempFolders
{
    /// <summary>
    /// Deletes a test's data folder. A host that has just stopped can still be closing a SQLite file
    /// (its -wal or -shm appears or goes while the folder is emptied), so a failed pass is tried again;
    /// a folder that still will not go is left in the temporary folder rather than failing the run.
    /// </summary>
    public static void Delete(string path)
    {
        for (var attempt = 1; Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && attempt < 5)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Left {path} behind: {e.Message}");
                return;
            }
        }
    }
}
