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
            for (var attempt = 0; ; attempt++)
            {
                var serviceToken = await ServiceToken(renew: attempt > 0);
                using var request = new HttpRequestMessage(HttpMethod.Get, _options.V3 + "/auth/tokens?nocatalog"); // the service catalogue is not needed
                request.Headers.Add("X-Auth-Token", serviceToken);
                request.Headers.TryAddWithoutValidation("X-Subject-Token", token);
                using var response = await _http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0) continue; // our own token ended: renew once
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return (new Authentication.Refused("The token is not valid (unknown, revoked or expired)."), longest);
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
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            if (_logRate.TryTake("keystone", out var heldBack, out _)) LogUnreachable(_log, LogText.Describe(e), heldBack);
            return (Unavailable, now);
        }
    }

    private static Authentication.Unavailable Unavailable => new("The identity service is not reachable. Please try again in a few seconds.");

    /// <summary>The caller of a validated token, from Keystone's answer (project id, role names, user id).</summary>
    private static (Authentication, DateTimeOffset) Read(JsonDocument document, DateTimeOffset now, DateTimeOffset longest)
    {
        using (document)
        {
            var token = document.RootElement.GetProperty("token");
            var expires = DateTimeOffset.Parse(token.GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var until = expires < longest ? expires : longest;
            if (expires <= now) return (new Authentication.Refused("The token has expired."), longest);
            if (!token.TryGetProperty("project", out var project) || project.ValueKind != JsonValueKind.Object)
            {
                return (new Authentication.Forbidden("The token is not scoped to a project."), until);
            }
            var roles = token.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray()
                : [];
            var user = token.TryGetProperty("user", out var u) && u.TryGetProperty("id", out var id) ? id.GetString()! : "";
            return (new Authentication.Accepted(new Identity(project.GetProperty("id").GetString()!, roles, user)), until);
        }
    }

    /// <summary>The service's own token: password authentication with its credentials, kept until shortly before it expires.</summary>
    private async Task<string> ServiceToken(bool renew)
    {
        await _serviceTokenLock.WaitAsync();
        try
        {
            var now = _clock.GetUtcNow();
            if (!renew && _serviceToken is { } held && held.Renew > now) return held.Token;
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
