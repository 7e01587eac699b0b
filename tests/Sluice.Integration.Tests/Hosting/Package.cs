using System.IO.Compression;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>
/// The package ./publish.sh writes (artifacts/sluice-functions.zip, or SLUICE_PACKAGE). test.sh builds it before the
/// tests; a missing package fails the tests that need it, loudly.
/// </summary>
internal static class Package
{
    public static string ZipPath =>
        Environment.GetEnvironmentVariable("SLUICE_PACKAGE") is { Length: > 0 } path ? path : Repository.PathOf("artifacts", "sluice-functions.zip");

    public static ZipArchive Open()
    {
        Assert.True(File.Exists(ZipPath), $"{ZipPath} is missing: run ./publish.sh (test.sh does)");
        return ZipFile.OpenRead(ZipPath);
    }

    /// <summary>Unpacks the package into a fresh folder, keeping the entries' Unix modes.</summary>
    public static string Extract()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-package-").FullName;
        using var zip = Open();
        zip.ExtractToDirectory(folder);
        return folder;
    }

    public static UnixFileMode Mode(ZipArchiveEntry entry) => (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
}
