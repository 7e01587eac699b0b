using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// Mode jwt: bearer tokens validated by the real JwtBearer handler against a loopback OIDC issuer's discovery document
/// and keys. A token names the project (claim tid) and roles; anything wrong with it is a 401, a token without a
/// project or for another project than the header's a 403, and none of these changes anything.
/// </summary>
public sealed class JwtAuthTests(JwtApp app) : IClassFixture<JwtApp>
{
    private static string NewProject() => "p" + Guid.NewGuid().ToString("N")[..10];

    private Task<Reply> Send(HttpMethod method, string path, string? token, string? project = null, string? body = null, string? roles = null) =>
        app.SendAs(method, path, token is null ? null : ("Authorization", "Bearer " + token), project, body, roles is null ? [] : [("X-Roles", roles)]);

    private async Task<long> Events()
    {
        await using var sql = await SchemaConnection.Open(app.Schema);
        return await sql.Scalar<long>("SELECT count(*) FROM events");
    }

    [Fact]
    public async Task Given_a_token_for_a_project_When_no_header_names_one_Then_the_tokens_project_is_the_tenant()
    {
        var project = NewProject();
        var token = app.Issuer.Mint(project);
        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Put, "/v2/queues/mine", token)).Status);
        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Post, "/v2/queues/mine/messages", token, body: "{\"messages\":[{\"body\":1}]}")).Status);
        // The header may repeat the token's project, and sees the same queue.
        var stats = await Send(HttpMethod.Get, "/v2/queues/mine/stats", token, project);
        Assert.Equal(1, stats.Json!["messages"]!["total"]!.GetValue<long>());
        // Another project's token does not.
        var other = await Send(HttpMethod.Get, "/v2/queues/mine/stats", app.Issuer.Mint(NewProject()));
        Assert.Equal(0, other.Json!["messages"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Given_a_token_When_the_header_names_another_project_Then_403_and_nothing_changes()
    {
        var before = await Events();
        var reply = await Send(HttpMethod.Post, "/v2/queues/theirs/messages", app.Issuer.Mint(NewProject()), NewProject(), "{\"messages\":[{\"body\":1}]}");
        reply.AssertError(HttpStatusCode.Forbidden, "Not authorized");
        Assert.Equal(before, await Events());
    }

    [Fact]
    public async Task Given_a_token_When_the_header_is_empty_Then_400_as_the_contract_says_of_an_empty_project()
    {
        var (status, json) = await app.SendDirect("GET", "/v2/queues", ("Client-ID", Guid.NewGuid().ToString()), ("X-Project-ID", ""),
            ("Authorization", "Bearer " + app.Issuer.Mint(NewProject())));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Empty project header not allowed", json!["title"]!.GetValue<string>());
    }

    public static TheoryData<string> BadTokens => ["none", "expired", "audience", "issuer", "signature", "garbage", "unsigned"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Given_a_token_that_does_not_hold_When_used_Then_401_with_a_bearer_challenge_and_nothing_changes(string flaw)
    {
        var project = NewProject();
        var issuer = app.Issuer;
        var token = flaw switch
        {
            "none" => null,
            "expired" => issuer.Mint(project, expires: DateTime.UtcNow.AddMinutes(-5)),
            "audience" => issuer.Mint(project, audience: "api://someone-else"),
            "issuer" => issuer.Mint(project, issuer: "http://127.0.0.1:1/elsewhere"),
            "signature" => issuer.Mint(project, key: OidcIssuer.NewKey("issuer-key")), // the published key's id, another key
            "garbage" => "not.a.token",
            _ => string.Join('.', issuer.Mint(project).Split('.')[..2]) + ".",
        };
        var before = await Events();
        var reply = await Send(HttpMethod.Post, "/v2/queues/q/messages", token, project, "{\"messages\":[{\"body\":1}]}");
        reply.AssertError(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal("Bearer", Assert.Single(reply.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await Events());
    }

    [Fact]
    public async Task Given_a_token_without_the_project_claim_When_used_Then_403()
    {
        var reply = await Send(HttpMethod.Get, "/v2/queues", app.Issuer.Mint(project: null), NewProject());
        reply.AssertError(HttpStatusCode.Forbidden, "Not authorized");
    }

    [Fact]
    public async Task Given_the_admin_route_When_the_token_has_or_lacks_the_admin_role_Then_200_or_403_whatever_X_Roles_says()
    {
        var project = NewProject();
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v2/health", app.Issuer.Mint(project, ["admin"]))).Status);
        (await Send(HttpMethod.Get, "/v2/health", app.Issuer.Mint(project, ["member"]), roles: "admin")).AssertError(HttpStatusCode.Forbidden, "Not authorized");
        (await Send(HttpMethod.Get, "/v2/health", app.Issuer.Mint(project))).AssertError(HttpStatusCode.Forbidden, "Not authorized");
    }

    [Fact]
    public async Task Given_X_Roles_When_a_token_names_no_roles_Then_it_grants_nothing_and_the_versions_stay_public()
    {
        using var client = app.Raw();
        Assert.Equal(HttpStatusCode.MultipleChoices, (await client.GetAsync("/")).StatusCode);
        (await Send(HttpMethod.Get, "/v2/health", token: null, NewProject(), roles: "admin")).AssertError(HttpStatusCode.Unauthorized, "Unauthorized");
    }
}

/// <summary>The issuer is down from the start: its discovery document cannot be read, so no token can be checked.</summary>
public sealed class JwtIssuerDownTests(JwtIssuerDownTests.DownApp app) : IClassFixture<JwtIssuerDownTests.DownApp>
{
    public sealed class DownApp : JwtApp
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Issuer.Down = true;
        }
    }

    [Fact]
    public async Task Given_an_unreachable_issuer_When_a_token_is_presented_Then_503_never_a_pass_nor_a_500()
    {
        var api = app.Api();
        var reply = await api.Post("/v2/queues/q/messages", "{\"messages\":[{\"body\":1}]}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.Equal("Service temporarily unavailable", reply.Json!["title"]!.GetValue<string>());
        Assert.NotNull(reply.Headers.RetryAfter);
        await using var sql = await SchemaConnection.Open(app.Schema);
        Assert.Equal(0, await sql.Scalar<long>("SELECT count(*) FROM events"));
    }
}
