using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Integration.Tests.Hosting;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// The real python-zaqarclient (Debian's python3-zaqarclient, which test.sh installs): its <c>signed_url</c> shares a
/// queue, and a client built with its <c>signed-url</c> auth backend reads, posts and claims there and nothing else.
/// </summary>
public sealed class ZaqarClientSignedUrlTests(SignedUrlKestrelApp app) : IClassFixture<SignedUrlKestrelApp>
{
    [Fact]
    public async Task Given_python_zaqarclient_When_it_shares_a_queue_and_a_guest_uses_the_signed_url_Then_the_grant_opens_exactly_what_it_names()
    {
        var server = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var queue = "shared-" + Guid.NewGuid().ToString("N")[..8];

        var seen = await RunClient(server, "client-project", queue);

        var grant = seen["grant"]!;
        Assert.Equal($$"""["/v2/queues/{{queue}}/claims","/v2/queues/{{queue}}/messages"]""", grant["paths"]!.ToJsonString());
        Assert.Equal("""["GET","POST"]""", grant["methods"]!.ToJsonString());
        Assert.Equal("client-project", grant["project"]!.GetValue<string>());
        Assert.Equal(SignedUrlWire.Sign(SignedUrlWire.Secret, [$"/v2/queues/{queue}/claims", $"/v2/queues/{queue}/messages"], ["GET", "POST"],
            "client-project", grant["expires"]!.GetValue<string>()), grant["signature"]!.GetValue<string>());
        Assert.Equal("""[{"from":"owner"}]""", seen["listed"]!.ToJsonString());
        Assert.Equal("""{"from":"owner"}""", seen["one"]!.ToJsonString());
        Assert.Equal(["{\"from\": \"guest\"}", "{\"from\": \"owner\"}"], seen["claimed"]!.AsArray().Select(c => c!.GetValue<string>()));
        foreach (var refused in new[] { "delete_queue", "subscriptions", "stats", "other_queue" }) Assert.Equal("404", seen[refused]!.GetValue<string>());
        using var owner = app.Api("client-project");
        Assert.Contains(queue, await Support.Wire.QueueNames(owner));
    }

    private static Task<JsonNode> RunClient(string server, string project, string queue) =>
        Harness.PythonScript.Run("Auth/zaqar_signed_url.py", server, project, queue);
}
