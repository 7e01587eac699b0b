using System.Net.Http.Headers;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>The service in mode <c>jwt</c>, trusting a loopback <see cref="OidcIssuer"/>; clients carry its tokens.</summary>
public class JwtApp : SluiceApp
{
    public OidcIssuer Issuer { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Auth:Mode"] = "jwt",
        ["Sluice:Auth:Jwt:Authority"] = Issuer.Url,
        ["Sluice:Auth:Jwt:Audience"] = OidcIssuer.Audience,
        ["Sluice:Auth:Jwt:RequireHttpsMetadata"] = "false",
    };

    public override async Task InitializeAsync()
    {
        Issuer = await OidcIssuer.Start();
        await base.InitializeAsync();
    }

    public override string Authenticate(HttpRequestHeaders headers, string project, params string[] roles)
    {
        headers.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Mint(project, roles));
        return project;
    }

    protected override ValueTask DisposeDependenciesAsync() => Issuer.DisposeAsync();
}
