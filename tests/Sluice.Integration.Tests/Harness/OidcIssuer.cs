using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// An OpenID Connect issuer on a loopback port (Kestrel): the discovery document and the JSON Web Key Set a real
/// issuer publishes, and tokens minted with its RSA key, as Entra ID mints them. <see cref="Down"/> makes its
/// endpoints answer 503, as an issuer in an outage.
/// </summary>
public sealed class OidcIssuer : IAsyncDisposable
{
    public const string Audience = "api://sluice";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private OidcIssuer(WebApplication app, RsaSecurityKey key) => (_app, _key) = (app, key);

    public string Url => _app.Urls.First();

    public bool Down { get; set; }

    public static async Task<OidcIssuer> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new OidcIssuer(app, NewKey("issuer-key"));
        app.MapGet("/.well-known/openid-configuration", issuer.Discovery);
        app.MapGet("/keys", issuer.Keys);
        await app.StartAsync();
        return issuer;
    }

    /// <summary>A token of this issuer for <paramref name="project"/> (the <c>tid</c> claim; none when null).</summary>
    public string Mint(string? project, string[]? roles = null, string audience = Audience, string? issuer = null,
        DateTime? expires = null, SecurityKey? key = null, string subject = "user-1")
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (project is not null) claims["tid"] = project;
        if (roles is not null) claims["roles"] = roles;
        var notBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Url,
            Audience = audience,
            Claims = claims,
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An RSA key the issuer does not publish, for forged tokens.</summary>
    public static RsaSecurityKey NewKey(string id) => new(RSA.Create(2048)) { KeyId = id };

    private IResult Discovery() => Down ? Results.StatusCode(503) : Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Url,
        ["jwks_uri"] = Url + "/keys",
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
    });

    private IResult Keys()
    {
        if (Down) return Results.StatusCode(503);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        return Results.Text(JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }), "application/json");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
