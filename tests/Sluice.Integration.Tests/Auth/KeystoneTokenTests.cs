using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// The calls the keystone auth mode makes, against the real Keystone: its service user validates a client's token
/// (GET /v3/auth/tokens with X-Subject-Token) and reads the project and roles from the answer.
/// </summary>
public sealed class KeystoneTokenTests
{
    [Fact]
    public async Task Given_a_member_token_When_the_service_validates_it_Then_Keystone_returns_its_project_and_roles()
    {
        var (member, issued) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);

        var (status, body) = await KeystoneServer.ValidateToken(await ServiceToken(), member);

        Assert.Equal(HttpStatusCode.OK, status);
        var token = body!["token"]!;
        Assert.Equal("alpha", token["project"]!["name"]!.GetValue<string>());
        Assert.Equal(issued["token"]!["project"]!["id"]!.GetValue<string>(), token["project"]!["id"]!.GetValue<string>());
        Assert.Equal("alpha-member", token["user"]!["name"]!.GetValue<string>());
        Assert.Contains("member", Roles(token));
        Assert.DoesNotContain("admin", Roles(token));
        Assert.True(token["expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Given_users_of_two_projects_When_the_service_validates_their_tokens_Then_each_names_its_own_project_and_roles()
    {
        var service = await ServiceToken();
        var (beta, _) = await KeystoneServer.IssueToken(KeystoneServer.BetaMember);
        var (admin, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaAdmin);

        var betaToken = (await KeystoneServer.ValidateToken(service, beta)).Body!["token"]!;
        var adminToken = (await KeystoneServer.ValidateToken(service, admin)).Body!["token"]!;

        Assert.Equal("beta", betaToken["project"]!["name"]!.GetValue<string>());
        Assert.DoesNotContain("admin", Roles(betaToken));
        Assert.Equal("alpha", adminToken["project"]!["name"]!.GetValue<string>());
        Assert.Contains("admin", Roles(adminToken));
    }

    [Fact]
    public async Task Given_an_unscoped_token_When_the_service_validates_it_Then_it_names_no_project()
    {
        var (unscoped, _) = await KeystoneServer.IssueToken(KeystoneServer.DomainMember);

        var (status, body) = await KeystoneServer.ValidateToken(await ServiceToken(), unscoped);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body!["token"]!["project"]);
    }

    [Fact]
    public async Task Given_a_revoked_or_unknown_token_When_the_service_validates_it_Then_Keystone_answers_404()
    {
        var service = await ServiceToken();
        var (member, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);
        Assert.Equal(HttpStatusCode.OK, (await KeystoneServer.ValidateToken(service, member)).Status);

        Assert.Equal(HttpStatusCode.NoContent, await KeystoneServer.RevokeToken(member, member));

        Assert.Equal(HttpStatusCode.NotFound, (await KeystoneServer.ValidateToken(service, member)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await KeystoneServer.ValidateToken(service, "gAAAAABnot-a-token")).Status);
    }

    [Fact]
    public async Task Given_a_bad_service_token_When_it_validates_a_token_Then_Keystone_answers_401()
    {
        var (member, _) = await KeystoneServer.IssueToken(KeystoneServer.AlphaMember);

        Assert.Equal(HttpStatusCode.Unauthorized, (await KeystoneServer.ValidateToken("not-a-token", member)).Status);
    }

    private static async Task<string> ServiceToken() => (await KeystoneServer.IssueToken(KeystoneServer.Service)).Token;

    private static string[] Roles(JsonNode token) => [.. token["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>())];
}
