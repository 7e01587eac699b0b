using System.Security.Cryptography;
using System.Text;

namespace Sluice.Functions.Http;

/// <summary>
/// Pre-signed URLs (contract §7.5): the one place a grant is signed, used by the share route to issue it, and the
/// key it uses.
/// </summary>
internal sealed partial class SignedUrl(byte[]? key)
{
    /// <summary>Zaqar's field separator: the two characters backslash and n (a raw string in zaqar/common/urls.py), not a newline.</summary>
    private const string Separator = "\\n";

    private const string UnresolvedKeyVaultReference = "@Microsoft.KeyVault(";

    /// <summary>False when no key is configured under the Functions host: share is refused, as in Zaqar.</summary>
    public bool HasKey => key is not null;

    /// <summary>
    /// The configured key (<c>Sluice:SignedUrls:SecretKey</c>). Without one a standalone service makes a random key for
    /// this process, so nothing it signs can be forged; under the Functions host, whose instances come and go and
    /// share requests, a per-process key would make URLs fail at random, so there is none (README "Pre-signed URLs").
    /// </summary>
    public static SignedUrl FromConfiguration(IConfiguration configuration, bool serverless, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<SignedUrl>>();
        var configured = configuration["Sluice:SignedUrls:SecretKey"];
        // An app setting whose Key Vault reference did not resolve holds the reference text itself: never a key.
        if (configured?.StartsWith(UnresolvedKeyVaultReference, StringComparison.Ordinal) == true)
        {
            LogUnresolved(logger);
            configured = null;
        }
        byte[]? key = string.IsNullOrEmpty(configured) ? null : Encoding.UTF8.GetBytes(configured);
        if (key is null && !serverless)
        {
            key = RandomNumberGenerator.GetBytes(32);
            LogPerProcessKey(logger);
        }
        else if (key is null)
        {
            LogNoKey(logger);
        }
        return new SignedUrl(key);
    }

    /// <summary>
    /// Signs a grant: paths and methods sorted, expiry in UTC at whole seconds, and the lowercase hex HMAC-SHA256 of
    /// <c>paths \n methods \n project \n expires</c> (lists comma-joined).
    /// </summary>
    public SignedGrant Sign(IEnumerable<string> paths, IEnumerable<string> methods, string project, DateTime expires)
    {
        ArgumentNullException.ThrowIfNull(key);
        string[] sortedPaths = [.. paths.Order(StringComparer.Ordinal)];
        string[] sortedMethods = [.. methods.Order(StringComparer.Ordinal)];
        var expiry = SignedExpiry.Normalize(expires);
        var message = string.Join(',', sortedPaths) + Separator + string.Join(',', sortedMethods) + Separator + project + Separator + expiry;
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
        return new SignedGrant(sortedPaths, sortedMethods, project, expiry, signature);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Sluice:SignedUrls:SecretKey configured: pre-signed URLs use a random key of this process, valid only until it stops and only on it")]
    private static partial void LogPerProcessKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Sluice:SignedUrls:SecretKey configured: pre-signed URLs are refused")]
    private static partial void LogNoKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sluice:SignedUrls:SecretKey is an unresolved Key Vault reference (does the secret exist, may the identity read it?): not used as a key")]
    private static partial void LogUnresolved(ILogger logger);
}

/// <summary>A signed grant as the share route answers it: sorted absolute paths and methods, the project, the normalized expiry.</summary>
internal sealed record SignedGrant(string[] Paths, string[] Methods, string Project, string Expires, string Signature);
