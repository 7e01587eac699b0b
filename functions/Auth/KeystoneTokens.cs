using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Sluice.Infra.Diagnostics;

namespace Sluice.Functions.Auth;

/// <summary>
/// Keystone v3 token validation: <c>GET /v3/auth/tokens</c> with the caller's token in <c>X-Subject-Token</c>,
/// asked with the service's own token (password authentication with its configured credentials, renewed before it
/// expires or when Keystone refuses it). Answers are cached by a hash of the token until the earlier of its expiry
/// and <see cref="KeystoneOptions.CacheSeconds"/>; concurrent requests with one token ask Keystone once.
/// </summary>
internal sealed partial class KeystoneTokens : IDisposable
{
    private readonly KeystoneOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<KeystoneTokens> _log;
    private readonly HttpClient _http;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly ConcurrentDictionary<string, Task<(Authentication Answer, DateTimeOffset Until)>> _asking = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _serviceTokenLock = new(1, 1);
    private readonly LogRate _logRate;
    private (string Token, DateTimeOffset Renew)? _serviceToken;

    public KeystoneTokens(KeystoneOptions options, TimeProvider clock, ILogger<KeystoneTokens> log)
    {
        (_options, _clock, _log) = (options, clock, log);
        _logRate = new LogRate(TimeSpan.FromSeconds(10), clock);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) };
    }

    public async Task<Authentication> Validate(string token, CancellationToken ct)
    {
        // A header HttpClient cannot send (Keystone's tokens are ASCII) is no token of Keystone's.
        if (token.Length > 8192 || token.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7e))
        {
            return new Authentication.Refused("The token is not valid (unknown, revoked or expired).");
        }
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = _clock.GetUtcNow();
        if (_cache.TryGetValue(key, out (Authentication Answer, DateTimeOffset Until) cached) && cached.Until > now) return cached.Answer;
        var asking = _asking.GetOrAdd(key, _ => Ask(token));
        try
        {
            var (answer, until) = await asking.WaitAsync(ct);
            if (answer is not Authentication.Unavailable && until > now)
            {
                _cache.Set(key, (answer, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
            }
            return answer;
        }
        finally
        {
            _asking.TryRemove(new KeyValuePair<string, Task<(Authentication, DateTimeOffset)>>(key, asking));
        }
    }

    private async Task<(Authentication Answer, DateTimeOffset Until)> Ask(string token)
    {
        await Task.Yield();
        var now = _clock.GetUtcNow();
        var longest = now.AddSeconds(_options.CacheSeconds);
        try
        {
            string? refusedServiceToken = null;
            for (var attempt = 0; ; attempt++)
            {
                var serviceToken = await ServiceToken(refusedServiceToken);
                using var request = new HttpRequestMessage(HttpMethod.Get, _options.V3 + "/auth/tokens?nocatalog"); // the service catalogue is not needed
                request.Headers.Add("X-Auth-Token", serviceToken);
                request.Headers.TryAddWithoutValidation("X-Subject-Token", token);
                using var response = await _http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    refusedServiceToken = serviceToken; // our own token ended: renew it once
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    // A refusal is remembered briefly: a token never becomes valid, but a 404 from something in front
                    // of Keystone should not shut a caller out for long.
                    var refusedFor = now.AddSeconds(Math.Min(_options.CacheSeconds, RefusalCacheSeconds));
                    return (new Authentication.Refused("The token is not valid (unknown, revoked or expired)."), refusedFor);
                }
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    if (_logRate.TryTake("keystone", out var heldBack, out _)) LogRefusedService(_log, (int)response.StatusCode, heldBack);
                    return (Unavailable, now);
                }
                await using var body = await response.Content.ReadAsStreamAsync();
                return Read(await JsonDocument.ParseAsync(body), now, longest);
            }
        }
        catch (Exception e)
        {
            // Whatever Keystone answered that cannot be read as a token (a field missing or null, not JSON) is an
            // outage of the identity service, never a pass and never a 500.
            if (_logRate.TryTake("keystone", out var heldBack, out _)) LogUnreachable(_log, LogText.Describe(e), heldBack);
            return (Unavailable, now);
        }
    }

    /// <summary>The longest a refused token is remembered.</summary>
    private const int RefusalCacheSeconds = 30;

    private static Authentication.Unavailable Unavailable => new("The identity service is not reachable. Please try again in a few seconds.");

    /// <summary>The caller of a validated token, from Keystone's answer (project id, role names, user id).</summary>
    private static (Authentication, DateTimeOffset) Read(JsonDocument document, DateTimeOffset now, DateTimeOffset longest)
    {
        using (document)
        {
            var token = document.RootElement.GetProperty("token");
            var expires = DateTimeOffset.Parse(token.GetProperty("expires_at").GetString() ?? throw new FormatException("Keystone's token has no expiry."),
                System.Globalization.CultureInfo.InvariantCulture);
            var until = expires < longest ? expires : longest;
            if (expires <= now) return (new Authentication.Refused("The token has expired."), longest);
            if (!token.TryGetProperty("project", out var project) || project.ValueKind != JsonValueKind.Object)
            {
                return (new Authentication.Forbidden("The token is not scoped to a project."), until);
            }
            var roles = token.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(r => r.GetProperty("name").GetString() ?? throw new FormatException("Keystone named a role without a name.")).ToArray()
                : [];
            var user = token.TryGetProperty("user", out var u) && u.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "";
            var projectId = project.GetProperty("id").GetString();
            if (string.IsNullOrEmpty(projectId)) throw new FormatException("Keystone named a project without an id.");
            return (new Authentication.Accepted(new Identity(projectId, roles, user)), until);
        }
    }

    /// <summary>
    /// The service's own token: password authentication with its credentials, kept until shortly before it expires or
    /// until Keystone refuses it (<paramref name="refused"/>: renewed once, however many requests saw it refused).
    /// </summary>
    private async Task<string> ServiceToken(string? refused)
    {
        if (!await _serviceTokenLock.WaitAsync(TimeSpan.FromSeconds(_options.TimeoutSeconds)))
        {
            throw new TimeoutException("Another request has been renewing the service's Keystone token for too long.");
        }
        try
        {
            var now = _clock.GetUtcNow();
            if (_serviceToken is { } held && held.Renew > now && held.Token != refused) return held.Token;
            var auth = new
            {
                auth = new
                {
                    identity = new
                    {
                        methods = new[] { "password" },
                        password = new { user = new { name = _options.Username, domain = new { name = _options.UserDomain }, password = _options.Password } },
                    },
                    scope = new { project = new { name = _options.Project, domain = new { name = _options.ProjectDomain } } },
                },
            };
            using var response = await _http.PostAsync(_options.V3 + "/auth/tokens",
                new StringContent(JsonSerializer.Serialize(auth), Encoding.UTF8, "application/json"));
            if (response.StatusCode != HttpStatusCode.Created || !response.Headers.TryGetValues("X-Subject-Token", out var values))
            {
                throw new InvalidOperationException($"Keystone refused the service's credentials ({(int)response.StatusCode}).");
            }
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            var expires = DateTimeOffset.Parse(document.RootElement.GetProperty("token").GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            // Renew at two thirds of its life, so that no validation is asked with a token about to end.
            var token = values.First();
            _serviceToken = (token, now + (expires - now) * 2 / 3);
            return token;
        }
        finally
        {
            _serviceTokenLock.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _cache.Dispose();
        _serviceTokenLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Keystone answered {Status} to a token validation: check the service's credentials and role ({HeldBack} more such lines held back)")]
    private static partial void LogRefusedService(ILogger logger, int status, long heldBack);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keystone could not be asked about a token: {Reason} ({HeldBack} more such lines held back)")]
    private static partial void LogUnreachable(ILogger logger, string reason, long heldBack);
}
