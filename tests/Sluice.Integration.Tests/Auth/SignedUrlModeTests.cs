using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// A pre-signed URL works in every auth mode: it takes the place of a token (and only of a token): the owner shares
/// with its credentials, and whoever holds the grant uses the signed methods on the signed paths without any.
/// </summary>
public abstract class SignedUrlModeTests<TApp>(TApp app)
    where TApp : SluiceApp
{
    [Fact]
    public async Task Given_a_grant_shared_by_a_token_holder_When_used_without_a_token_Then_it_opens_what_it_signs_and_nothing_else()
    {
        using var owner = app.Api();
        var queue = MessageWire.NewQueue();
        var message = (await owner.PostMessages(queue, """{"n":1}""")).Single();
        var grant = await owner.Share(queue, "{}");
        Assert.Equal(owner.Project, grant["project"]!.GetValue<string>());
        var headers = SignedUrlWire.Headers(grant);

        var list = await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/messages", headers);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(message, list.Json!["messages"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendSigned(HttpMethod.Delete, $"/v2/queues/{queue}/messages/{message}", headers)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/stats", headers)).Status);
        // Without the grant, the same request needs a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/messages", [.. headers.Where(h => !h.Name.StartsWith("URL-", StringComparison.Ordinal))])).Status);
    }
}

public sealed class JwtSignedUrlApp : JwtApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Sluice:SignedUrls:SecretKey"] = SignedUrlWire.Secret };
}

public sealed class KeystoneSignedUrlApp : KeystoneApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Sluice:SignedUrls:SecretKey"] = SignedUrlWire.Secret };
}

public sealed class JwtSignedUrlModeTests(JwtSignedUrlApp app) : SignedUrlModeTests<JwtSignedUrlApp>(app), IClassFixture<JwtSignedUrlApp>;

public sealed class KeystoneSignedUrlModeTests(KeystoneSignedUrlApp app) : SignedUrlModeTests<KeystoneSignedUrlApp>(app), IClassFixture<KeystoneSignedUrlApp>;
