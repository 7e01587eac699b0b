using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Support;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// A standalone service with no key configured (./run.sh as it comes) signs with a random key of its own: its URLs
/// work on it, and a signature made with any known key, the vector's included, does not.
/// </summary>
public sealed class SignedUrlPerProcessKeyTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_no_configured_key_When_shared_and_used_Then_it_works_and_is_signed_with_no_known_key()
    {
        using var owner = app.Api("p");
        await owner.PostMessages("mq", "1");

        var grant = await owner.Share("mq", """{"paths":["messages","claims"],"methods":["GET","POST"],"expires":"2030-01-01T00:00:00"}""");
        var reply = await app.SendSigned(HttpMethod.Get, "/v2/queues/mq/messages", SignedUrlWire.Headers(grant));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.NotEqual("79c07f4aa6d26337c864c12be9528b5120bcd0bf9ac6367ad0f1076864410b41", grant["signature"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", grant["signature"]!.GetValue<string>());
    }
}

/// <summary>
/// Under the Functions host, a key that is not there (here: a Key Vault reference that did not resolve) is no key:
/// share answers as Zaqar does without one, and no signature verifies.
/// </summary>
public sealed class SignedUrlNoKeyTests(UnresolvedKeyServerlessApp app) : IClassFixture<UnresolvedKeyServerlessApp>
{
    [Fact]
    public async Task Given_no_usable_key_When_shared_Then_400_as_Zaqar_without_a_key()
    {
        using var owner = app.Api();

        var reply = await owner.Post("/v2/queues/mq/share", "{}");

        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request", "The `key` can't be None");
    }

    [Fact]
    public async Task Given_no_usable_key_When_a_request_signed_with_the_unresolved_reference_as_key_is_sent_Then_404()
    {
        using var owner = app.Api();
        await owner.PostMessages("mq", "1");
        const string expires = "2030-01-01T00:00:00";
        var grant = new JsonObject
        {
            ["paths"] = new JsonArray("/v2/queues/mq/messages"), ["methods"] = new JsonArray("GET"), ["project"] = owner.Project, ["expires"] = expires,
            ["signature"] = SignedUrlWire.Sign(UnresolvedKeyServerlessApp.Reference, ["/v2/queues/mq/messages"], ["GET"], owner.Project, expires),
        };

        (await app.SendSigned(HttpMethod.Get, "/v2/queues/mq/messages", SignedUrlWire.Headers(grant))).AssertRefused("no key");
    }
}
