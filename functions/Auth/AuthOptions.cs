namespace Sluice.Functions.Auth;

/// <summary>
/// Configuration section "Sluice:Auth": who a caller is. <see cref="Mode"/> is one mode or a comma list of them:
/// <c>none</c> (the tenant is the X-Project-ID header and X-Roles its roles; loopback only), <c>keystone</c>
/// (X-Auth-Token validated by Keystone v3) and <c>jwt</c> (Authorization: Bearer, validated against an OIDC authority).
/// </summary>
internal sealed class AuthOptions
{
    public string Mode { get; set; } = "none";

    public KeystoneOptions Keystone { get; set; } = new();

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// Mode none under the Functions host (<c>func start</c> on a developer's machine): the host, not the service,
    /// faces the callers, so the service cannot see whether their address is loopback. True says the host listens on
    /// loopback only. Refused in Azure whatever it says.
    /// </summary>
    public bool AnonymousBehindHost { get; set; }

    /// <summary>The modes <see cref="Mode"/> names, or the reason it cannot be served as configured.</summary>
    public (AuthModes Modes, string? Error) Parse(bool serverless)
    {
        var modes = AuthModes.None;
        foreach (var name in Mode.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            AuthModes? mode = name.ToLowerInvariant() switch
            {
                "none" => AuthModes.Anonymous,
                "keystone" => AuthModes.Keystone,
                "jwt" => AuthModes.Jwt,
                _ => null,
            };
            if (mode is null) return (AuthModes.None, $"Sluice__Auth__Mode names '{name}': the modes are none, keystone and jwt.");
            modes |= mode.Value;
        }
        if (modes == AuthModes.None) return (modes, "Sluice__Auth__Mode is empty: name none, keystone or jwt (or a comma list of them).");
        if (modes.HasFlag(AuthModes.Anonymous) && serverless && !AnonymousBehindHost)
        {
            return (modes, "Sluice__Auth__Mode includes none, which serves anyone as any tenant, under the Functions host, whose address the service cannot check: set jwt or keystone, or Sluice__Auth__AnonymousBehindHost=true if the host listens on loopback only.");
        }
        if (modes.HasFlag(AuthModes.Keystone) && Keystone.Missing() is { } keystone) return (modes, $"Sluice__Auth__Keystone__{keystone} is required in keystone mode.");
        if (modes.HasFlag(AuthModes.Jwt) && Jwt.Missing() is { } jwt) return (modes, $"Sluice__Auth__Jwt__{jwt} is required in jwt mode{(jwt == nameof(JwtOptions.Authority) ? " (an absolute https address)" : "")}.");
        if (Keystone.CacheSeconds < 0 || Keystone.TimeoutSeconds <= 0) return (modes, "Sluice__Auth__Keystone__CacheSeconds must be 0 or more and TimeoutSeconds more than 0.");
        return (modes, null);
    }
}

[Flags]
internal enum AuthModes
{
    None = 0,
    Anonymous = 1,
    Keystone = 2,
    Jwt = 4,
}

/// <summary>
/// Keystone v3 (section "Sluice:Auth:Keystone"): the identity endpoint and the service's own credentials, with
/// which it asks Keystone about its callers' tokens.
/// </summary>
internal sealed class KeystoneOptions
{
    /// <summary>The identity endpoint as clients name it (<c>http://keystone:5000/v3</c>; <c>/v3</c> is added when absent).</summary>
    public string? Url { get; set; }

    /// <summary>What 401 answers name in <c>WWW-Authenticate: Keystone uri="..."</c>; <see cref="Url"/> when unset.</summary>
    public string? PublicUrl { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string UserDomain { get; set; } = "Default";

    /// <summary>The project the service's own token is scoped to (usually <c>service</c>).</summary>
    public string? Project { get; set; }

    public string ProjectDomain { get; set; } = "Default";

    /// <summary>The longest a validated token is trusted without asking Keystone again (its expiry ends it sooner).</summary>
    public int CacheSeconds { get; set; } = 300;

    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>The v3 endpoint, ending in <c>/v3</c> without a slash.</summary>
    public string V3 => Url!.TrimEnd('/') is var url && url.EndsWith("/v3", StringComparison.Ordinal) ? url : url + "/v3";

    public string? Missing() =>
        string.IsNullOrWhiteSpace(Url) ? nameof(Url)
        : !Uri.TryCreate(V3, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ? nameof(Url)
        : string.IsNullOrEmpty(Username) ? nameof(Username)
        : string.IsNullOrEmpty(Password) ? nameof(Password)
        : string.IsNullOrEmpty(Project) ? nameof(Project)
        : null;
}

/// <summary>
/// JSON Web Tokens from an OpenID Connect issuer (section "Sluice:Auth:Jwt"): Entra ID, or any issuer with a
/// discovery document. The issuer, audience, signing keys and lifetime are checked.
/// </summary>
internal sealed class JwtOptions
{
    /// <summary>The issuer's base address: discovery is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must carry (the API's application ID URI or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the project (tenant). Entra ID's <c>tid</c>: each directory is a tenant.</summary>
    public string ProjectClaim { get; set; } = "tid";

    /// <summary>The claim listing the caller's roles (Entra ID app roles: <c>roles</c>).</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>False only for a loopback issuer in tests: discovery over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How far the clocks of issuer and service may disagree about a token's lifetime.</summary>
    public int ClockSkewSeconds { get; set; } = 60;

    public string? Missing() =>
        string.IsNullOrWhiteSpace(Authority) ? nameof(Authority)
        : !Uri.TryCreate(Authority, UriKind.Absolute, out var uri) || !(uri.Scheme == "https" || (uri.Scheme == "http" && !RequireHttpsMetadata)) ? nameof(Authority)
        : string.IsNullOrWhiteSpace(Audience) ? nameof(Audience)
        : string.IsNullOrWhiteSpace(ProjectClaim) ? nameof(ProjectClaim)
        : null;
}
