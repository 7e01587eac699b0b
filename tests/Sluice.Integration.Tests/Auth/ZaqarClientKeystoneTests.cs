using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>The service in mode keystone behind real Kestrel, for a client in another process.</summary>
public sealed class KeystoneKestrelApp : KeystoneApp
{
    public KeystoneKestrelApp() => UseKestrel(0);

    protected override bool Kestrel => true;
}

/// <summary>
/// The real python-zaqarclient (Debian's python3-zaqarclient) with its keystone auth backend, against the real
/// Keystone: it authenticates as a project member, posts, claims and deletes; the same client without a token is 401.
/// </summary>
public sealed class ZaqarClientKeystoneTests(KeystoneKestrelApp app) : IClassFixture<KeystoneKestrelApp>
{
    [Fact]
    public async Task Given_python_zaqarclient_on_its_keystone_backend_When_it_posts_and_claims_Then_it_works_in_the_tokens_project()
    {
        var server = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var queue = "zk-" + Guid.NewGuid().ToString("N")[..8];
        var user = KeystoneServer.BetaMember;

        var seen = await PythonScript.Run("Auth/zaqar_keystone.py", server, KeystoneServer.Url, user.Name, user.Password, user.Project!, queue);

        Assert.Equal("""[{"from":"beta-member"}]""", seen["claimed"]!.ToJsonString());
        Assert.Equal(0, seen["stats"]!["total"]!.GetValue<int>());
        Assert.Equal("401", seen["anonymous"]!.GetValue<string>());
        // The queue is the token's project's: Keystone's id for beta, not its name.
        var (_, issued) = await KeystoneServer.IssueToken(user);
        var betaId = issued["token"]!["project"]!["id"]!.GetValue<string>();
        await using var sql = await SchemaConnection.Open(app.Schema);
        Assert.Equal(1, await sql.Scalar<long>($"SELECT count(*) FROM queues WHERE tenant_id = '{betaId}' AND name = '{queue}'"));
    }
}
