using System.Net;

namespace Sluice.Functions.Auth;

/// <summary>
/// Authenticates a request by the modes configured: an <c>X-Auth-Token</c> goes to Keystone, an
/// <c>Authorization: Bearer</c> token to the JWT validation; without either, <c>none</c> takes the caller at its
/// headers' word (on loopback only). Every mode answers with the same <see cref="Identity"/>.
/// </summary>
internal sealed class Authenticator(AuthModes modes, AuthOptions options, KeystoneTokens? keystone, JwtTokens? jwt)
{
    public const string Anonymous = "anonymous";

    public AuthModes Modes => modes;

    public async Task<Authentication> Authenticate(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (keystone is not null && headers["X-Auth-Token"].ToString() is { Length: > 0 } token)
        {
            return await keystone.Validate(token, context.RequestAborted);
        }
        if (jwt is not null && headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await jwt.Validate(context);
        }
        if (!modes.HasFlag(AuthModes.Anonymous)) return new Authentication.Refused("The request you have made requires authentication.");
        if (context.Connection.LocalIpAddress is { } local && !AnonymousGuard.IsLoopback(local))
        {
            // The start-up guard stops a service that listens elsewhere; until it has, nothing is served off loopback.
            return new Authentication.Refused("Anonymous requests are served on loopback addresses only.");
        }
        if (!options.AnonymousBehindHost && (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded")))
        {
            // A proxy on this machine (loopback to us) may face anyone: what it forwards is not a loopback caller's.
            return new Authentication.Refused("Anonymous requests are served to loopback callers only, not forwarded ones.");
        }
        var roles = headers["X-Roles"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new Authentication.Accepted(new Identity(null, roles, Anonymous));
    }

    /// <summary>The <c>WWW-Authenticate</c> challenges of a 401: one per token mode.</summary>
    public string[] Challenges()
    {
        var challenges = new List<string>(2);
        if (keystone is not null) challenges.Add($"Keystone uri=\"{options.Keystone.PublicUrl ?? options.Keystone.Url}\"");
        if (jwt is not null) challenges.Add("Bearer");
        return [.. challenges];
    }
}
