using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Sluice.Infra.Diagnostics;

namespace Sluice.Functions.Auth;

/// <summary>
/// Bearer tokens validated by ASP.NET Core's JwtBearer handler (issuer, audience, signing keys from the authority's
/// discovery document, lifetime); the project and roles are the configured claims.
/// </summary>
internal sealed partial class JwtTokens(JwtOptions options, IOptionsMonitor<JwtBearerOptions> bearer, TimeProvider clock, ILogger<JwtTokens> log)
{
    private readonly LogRate _logRate = new(TimeSpan.FromSeconds(10), clock);

    public static void Configure(JwtBearerOptions bearer, JwtOptions options)
    {
        bearer.Authority = options.Authority;
        bearer.Audience = options.Audience;
        bearer.RequireHttpsMetadata = options.RequireHttpsMetadata;
        bearer.MapInboundClaims = false;
        // After a failed read of the discovery document, try again this soon (the default waits five minutes).
        bearer.RefreshInterval = TimeSpan.FromSeconds(30);
        bearer.TokenValidationParameters.RoleClaimType = options.RolesClaim;
        bearer.TokenValidationParameters.NameClaimType = "sub";
        bearer.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds);
    }

    public async Task<Authentication> Validate(HttpContext context)
    {
        // The discovery document first: an issuer that cannot be reached is an outage (503), not a bad token (401).
        // Once read it is cached by the handler, and kept when a later refresh fails.
        try
        {
            await bearer.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            if (_logRate.TryTake("jwt", out var heldBack, out _)) LogUnreachable(log, LogText.Describe(e), heldBack);
            return new Authentication.Unavailable("The identity provider is not reachable. Please try again in a few seconds.");
        }
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded) return new Authentication.Refused("The bearer token is not valid (signature, issuer, audience or lifetime).");
        var principal = result.Principal;
        var project = principal.FindFirst(options.ProjectClaim)?.Value;
        if (string.IsNullOrEmpty(project)) return new Authentication.Forbidden($"The token has no \"{options.ProjectClaim}\" claim naming a project.");
        var roles = principal.FindAll(options.RolesClaim).Select(c => c.Value).ToArray();
        return new Authentication.Accepted(new Identity(project, roles, principal.FindFirst("sub")?.Value ?? ""));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token issuer's discovery document could not be read: {Reason} ({HeldBack} more such lines held back)")]
    private static partial void LogUnreachable(ILogger logger, string reason, long heldBack);
}
