using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// Mode keystone against the real Keystone: X-Auth-Token validated with GET /v3/auth/tokens by the service's own user;
/// the tenant is the token's project id and the roles its roles. Answers are cached by the token's hash until the
/// earlier of its expiry and CacheSeconds (on the service's clock, which the test moves).
/// </summary>
public sealed class KeystoneAuthTests(KeystoneApp app) : IClassFixture<KeystoneApp>
{
    private Task<Reply> Send(HttpMethod method, string path, string? token, string? project = null, string? body = null) =>
        app.SendAs(method, path, token is null ? null : ("X-Auth-Token", token), project, body);

    [Fact]
    public async Task Given_a_member_token_When_used_without_X_Project_ID_Then_its_project_id_is_the_tenant()
    {
        var (member, issued) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);
        var alpha = issued["token"]!["project"]!["id"]!.GetValue<string>();
        var queue = "k" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Post, $"/v2/queues/{queue}/messages", member, body: "{\"messages\":[{\"body\":1}]}")).Status);
        var stats = await Send(HttpMethod.Get, $"/v2/queues/{queue}/stats", member, alpha);
        Assert.Equal(1, stats.Json!["messages"]!["total"]!.GetValue<long>());
        // beta's member, in its own project, sees nothing of it; naming alpha's project is forbidden.
        var (beta, _) = await KeystoneServer.IssueToken(KeystoneServer.BetaMember);
        Assert.Equal(0, (await Send(HttpMethod.Get, $"/v2/queues/{queue}/stats", beta)).Json!["messages"]!["total"]!.GetValue<long>());
        (await Send(HttpMethod.Get, $"/v2/queues/{queue}/stats", beta, alpha)).AssertError(HttpStatusCode.Forbidden, "Not authorized");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gAAAAABnot-a-fernet-token")]
    public async Task Given_no_or_an_unknown_token_When_used_Then_401_with_the_Keystone_challenge(string? token)
    {
        var reply = await Send(HttpMethod.Get, "/v2/queues", token, "alpha");
        reply.AssertError(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal($"Keystone uri=\"{KeystoneServer.Url}\"", Assert.Single(reply.Headers.GetValues("WWW-Authenticate")));
    }

    [Fact]
    public async Task Given_a_revoked_token_When_first_used_Then_401()
    {
        var (token, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);
        Assert.Equal(HttpStatusCode.NoContent, await KeystoneServer.RevokeToken(token, token));
        (await Send(HttpMethod.Get, "/v2/queues", token)).AssertError(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task Given_a_validated_token_When_revoked_Then_the_cached_answer_serves_until_CacheSeconds_pass_and_no_longer()
    {
        var (token, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v2/queues", token)).Status);
        Assert.Equal(HttpStatusCode.NoContent, await KeystoneServer.RevokeToken(token, token));
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v2/queues", token)).Status); // Keystone is not asked again
        app.Clock.Advance(TimeSpan.FromSeconds(301));
        (await Send(HttpMethod.Get, "/v2/queues", token)).AssertError(HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task Given_a_token_without_a_project_When_used_Then_403()
    {
        var (unscoped, _) = await KeystoneServer.IssueToken(KeystoneServer.DomainMember);
        (await Send(HttpMethod.Get, "/v2/queues", unscoped, "alpha")).AssertError(HttpStatusCode.Forbidden, "Not authorized");
    }

    [Fact]
    public async Task Given_the_admin_route_When_the_token_has_or_lacks_the_admin_role_Then_200_or_403()
    {
        var (admin, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaAdmin);
        var (member, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v2/health", admin)).Status);
        (await Send(HttpMethod.Get, "/v2/health", member)).AssertError(HttpStatusCode.Forbidden, "Not authorized");
    }
}

/// <summary>Keystone cannot be asked (nothing listens at its address, or it refuses the service's own credentials): 503, never a pass.</summary>
public sealed class KeystoneUnavailableTests
{
    public sealed class UnreachableApp : KeystoneApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Sluice:Auth:Keystone:Url"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}/v3",
        };
    }

    public sealed class WrongPasswordApp : KeystoneApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Sluice:Auth:Keystone:Password"] = "not-the-password",
        };
    }

    [Fact]
    public async Task Given_an_unreachable_Keystone_When_a_token_is_presented_Then_503_and_nothing_changes()
    {
        var app = new UnreachableApp();
        await Assert503(app);
    }

    [Fact]
    public async Task Given_the_services_credentials_refused_When_a_token_is_presented_Then_503_and_nothing_changes()
    {
        var app = new WrongPasswordApp();
        await Assert503(app);
    }

    private static async Task Assert503(KeystoneApp app)
    {
        await app.InitializeAsync();
        try
        {
            var (member, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);
            using var client = app.Raw();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/queues/q/messages")
            {
                Content = new StringContent("{\"messages\":[{\"body\":1}]}", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Client-ID", Guid.NewGuid().ToString());
            request.Headers.Add("X-Auth-Token", member);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("Service temporarily unavailable", await response.Content.ReadAsStringAsync());
            await using var sql = await SchemaConnection.Open(app.Schema);
            Assert.Equal(0, await sql.Scalar<long>("SELECT count(*) FROM events"));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
