namespace Sluice.Integration.Tests.Hosting;

/// <summary>Files of the repository the tests run from (found by walking up to Queue.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Queue.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Queue.sln not found above " + AppContext.BaseDirectory);
    }
}
