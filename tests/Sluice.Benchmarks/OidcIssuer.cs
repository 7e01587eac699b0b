using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sluice.Benchmarks;

/// <summary>
/// An OpenID Connect issuer on a loopback port, for the <c>auth</c> scenario's jwt mode: the discovery document and
/// the JSON Web Key Set a real issuer publishes (HttpListener, as the push receiver), and tokens signed with its RSA
/// key. The service reads both once and keeps them (JwtBearer's configuration manager), so the issuer is idle while
/// the load runs; each request's cost is the service validating the token. It answers while <see cref="Serve"/> runs.
/// </summary>
internal sealed class OidcIssuer : IDisposable
{
    public const string Audience = "api://sluice-bench";

    private readonly HttpListener _listener;
    private readonly RSA _rsa;
    private readonly RsaSecurityKey _key;
    private readonly byte[] _discovery;
    private readonly byte[] _keys;

    private OidcIssuer(HttpListener listener, string url)
    {
        _listener = listener;
        Url = url;
        _rsa = RSA.Create(2048);
        _key = new RsaSecurityKey(_rsa) { KeyId = "bench-issuer-key" };
        _discovery = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["issuer"] = url,
            ["jwks_uri"] = url + "/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["response_types_supported"] = new JsonArray("code"),
            ["subject_types_supported"] = new JsonArray("public"),
        }.ToJsonString());
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        _keys = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject { ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E }),
        }.ToJsonString());
    }

    /// <summary>The issuer's base address (the service's <c>Sluice__Auth__Jwt__Authority</c>), without a trailing slash.</summary>
    public string Url { get; }

    public static OidcIssuer Start()
    {
        var url = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        var listener = new HttpListener();
        listener.Prefixes.Add(url + "/");
        listener.Start();
        return new OidcIssuer(listener, url);
    }

    /// <summary>A token for <paramref name="project"/> (the <c>tid</c> claim), valid for two hours.</summary>
    public string Mint(string project)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Url,
            Audience = Audience,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["sub"] = "bench", ["tid"] = project },
            NotBefore = now.AddMinutes(-5),
            IssuedAt = now,
            Expires = now.AddHours(2),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Answers discovery and key requests until <paramref name="stop"/>.</summary>
    public async Task Serve(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var body = context.Request.Url?.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => _discovery,
                "/keys" => _keys,
                _ => null,
            };
            try
            {
                context.Response.StatusCode = body is null ? 404 : 200;
                if (body is not null)
                {
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body, stop);
                }
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
            {
                // The service gave up on this answer (or we are stopping): it asks again.
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _rsa.Dispose();
    }
}
