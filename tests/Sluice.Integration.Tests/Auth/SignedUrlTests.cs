using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// Requests made with a pre-signed URL (contract §7.5, hook 1 of §1.1): a grant opens exactly the signed methods on
/// the signed paths (and what lies below them) of the signed project until it expires; anything else is a bare 404.
/// </summary>
public sealed class SignedUrlTests(SignedUrlApp app) : IClassFixture<SignedUrlApp>
{
    private const string Full = """{"paths":["messages","claims"],"methods":["GET","POST"]}""";

    /// <summary>An owner's queue with one message, and a grant for it.</summary>
    private async Task<(Api Owner, string Queue, string Message, JsonObject Grant)> Shared(string body = Full)
    {
        var owner = app.Api();
        var queue = MessageWire.NewQueue();
        var message = (await owner.PostMessages(queue, """{"n":1}""")).Single();
        return (owner, queue, message, await owner.Share(queue, body));
    }

    [Fact]
    public async Task Given_a_grant_for_messages_When_listing_them_Then_200_with_the_message()
    {
        var (owner, queue, message, grant) = await Shared("{}");
        using var _ = owner;

        var reply = await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/messages", SignedUrlWire.Headers(grant));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(message, reply.Json!["messages"]!.AsArray().Single()!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_a_grant_for_messages_When_getting_one_by_id_below_it_Then_200()
    {
        var (owner, queue, message, grant) = await Shared("{}");
        using var _ = owner;

        var reply = await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/messages/{message}", SignedUrlWire.Headers(grant));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("""{"n":1}""", reply.Json!["body"]!.ToJsonString());
    }

    [Fact]
    public async Task Given_a_grant_for_claims_with_POST_When_claiming_Then_201_and_posting_messages_works_too()
    {
        var (owner, queue, message, grant) = await Shared();
        using var _ = owner;
        var headers = SignedUrlWire.Headers(grant);

        var claim = await app.SendSigned(HttpMethod.Post, $"/v2/queues/{queue}/claims", headers, """{"ttl":60,"grace":60}""");
        var post = await app.SendSigned(HttpMethod.Post, $"/v2/queues/{queue}/messages", headers, """{"messages":[{"body":2}]}""");

        Assert.Equal(HttpStatusCode.Created, claim.Status);
        Assert.Equal(message, claim.Json!["messages"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, post.Status);
        Assert.Equal(2, (await owner.Get($"/v2/queues/{queue}/stats")).Json!["messages"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_an_empty_URL_Signature_When_sent_Then_the_request_is_not_a_signed_one_as_in_Zaqar()
    {
        var (owner, queue, _, grant) = await Shared();
        using var __ = owner;

        var reply = await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/stats", SignedUrlWire.Headers(grant).With("URL-Signature", ""));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    public static TheoryData<string> Tampering() =>
    [
        "wrong signature", "signature of another secret", "later expiry", "earlier expiry", "DELETE not signed", "DELETE added to the methods",
        "subscriptions not signed", "subscriptions added to the paths", "other queue", "other project", "malformed expiry", "integer expiry",
        "no expiry", "uppercase signature", "short signature", "long signature", "no methods", "no paths", "empty path added", "path prefix of another",
    ];

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Given_a_grant_When_any_part_is_tampered_with_Then_a_bare_404(string tampering)
    {
        var (owner, queue, message, grant) = await Shared();
        using var _ = owner;
        var headers = SignedUrlWire.Headers(grant);
        var signature = grant["signature"]!.GetValue<string>();
        var expires = DateTime.Parse(grant["expires"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var paths = grant["paths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        var messages = $"/v2/queues/{queue}/messages";
        var other = MessageWire.NewQueue();
        await owner.PostMessages(other, "1");

        var (method, path, sent) = tampering switch
        {
            "wrong signature" => (HttpMethod.Get, messages, headers.With("URL-Signature", (signature[0] == 'a' ? "b" : "a") + signature[1..])),
            "signature of another secret" => (HttpMethod.Get, messages, headers.With("URL-Signature",
                SignedUrlWire.Sign("other-secret", paths, ["GET", "POST"], owner.Project, grant["expires"]!.GetValue<string>()))),
            "later expiry" => (HttpMethod.Get, messages, headers.With("URL-Expires", Format(expires.AddDays(1)))),
            "earlier expiry" => (HttpMethod.Get, messages, headers.With("URL-Expires", Format(expires.AddSeconds(-1)))),
            "DELETE not signed" => (HttpMethod.Delete, $"{messages}/{message}", headers),
            "DELETE added to the methods" => (HttpMethod.Delete, $"{messages}/{message}", headers.With("URL-Methods", "DELETE,GET,POST")),
            "subscriptions not signed" => (HttpMethod.Get, $"/v2/queues/{queue}/subscriptions", headers),
            "subscriptions added to the paths" => (HttpMethod.Get, $"/v2/queues/{queue}/subscriptions",
                headers.With("URL-Paths", string.Join(",", [.. paths, $"/v2/queues/{queue}/subscriptions"]))),
            "other queue" => (HttpMethod.Get, $"/v2/queues/{other}/messages", headers),
            "other project" => (HttpMethod.Get, messages, headers.With("X-Project-ID", "someone-else")),
            "malformed expiry" => (HttpMethod.Get, messages, headers.With("URL-Expires", "next year")),
            "integer expiry" => (HttpMethod.Get, messages, headers.With("URL-Expires", "1893456000")),
            "no expiry" => (HttpMethod.Get, messages, headers.Where(h => h.Name != "URL-Expires").ToList()),
            "uppercase signature" => (HttpMethod.Get, messages, headers.With("URL-Signature", signature.ToUpperInvariant())),
            "short signature" => (HttpMethod.Get, messages, headers.With("URL-Signature", signature[..^2])),
            "long signature" => (HttpMethod.Get, messages, headers.With("URL-Signature", signature + "00")),
            "no methods" => (HttpMethod.Get, messages, headers.Where(h => h.Name != "URL-Methods").ToList()),
            "no paths" => (HttpMethod.Get, messages, headers.Where(h => h.Name != "URL-Paths").ToList()),
            // Zaqar's regex search would let an empty pattern match any path; it is never signed, and never covers one.
            "empty path added" => (HttpMethod.Get, $"/v2/queues/{other}/messages", headers.With("URL-Paths", string.Join(",", [.. paths, ""]))),
            // The signed queue's name is a prefix of this one's: not the same path, nor one below it.
            "path prefix of another" => (HttpMethod.Get, $"/v2/queues/{queue}x/messages", headers),
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };
        var reply = await app.SendSigned(method, path, sent);

        reply.AssertRefused(tampering);
        Assert.Equal(HttpStatusCode.OK, (await app.SendSigned(HttpMethod.Get, messages, headers)).Status);
        Assert.Equal(1, (await owner.Get($"/v2/queues/{queue}/stats")).Json!["messages"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_a_grant_signed_with_the_key_but_expired_When_used_Then_404()
    {
        using var owner = app.Api();
        var queue = MessageWire.NewQueue();
        await owner.PostMessages(queue, "1");
        var past = Format(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var path = $"/v2/queues/{queue}/messages";
        var headers = new List<(string, string)>
        {
            ("Client-ID", Guid.NewGuid().ToString()), ("X-Project-ID", owner.Project), ("URL-Expires", past), ("URL-Methods", "GET"), ("URL-Paths", path),
            ("URL-Signature", SignedUrlWire.Sign(SignedUrlWire.Secret, [path], ["GET"], owner.Project, past)),
        };

        (await app.SendSigned(HttpMethod.Get, path, headers)).AssertRefused("expired");
    }

    [Fact]
    public async Task Given_a_grant_When_the_clock_passes_its_expiry_Then_404()
    {
        var (owner, queue, _, grant) = await Shared($$"""{"expires":"{{Format(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(90))}}"}""");
        using var _ = owner;
        var headers = SignedUrlWire.Headers(grant);
        Assert.Equal(HttpStatusCode.OK, (await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/messages", headers)).Status);

        app.Clock.Advance(TimeSpan.FromSeconds(91));

        (await app.SendSigned(HttpMethod.Get, $"/v2/queues/{queue}/messages", headers)).AssertRefused("expired by the clock");
    }

    [Fact]
    public async Task Given_a_grant_for_a_queue_with_a_dot_When_used_on_a_queue_the_dot_would_match_as_a_regex_Then_404()
    {
        using var owner = app.Api();
        await owner.PostMessages("a.b", "1");
        await owner.PostMessages("aXb", "1");
        var headers = SignedUrlWire.Headers(await owner.Share("a.b", "{}"));

        Assert.Equal(HttpStatusCode.OK, (await app.SendSigned(HttpMethod.Get, "/v2/queues/a.b/messages", headers)).Status);
        (await app.SendSigned(HttpMethod.Get, "/v2/queues/aXb/messages", headers)).AssertRefused("a.b as a regex");
    }

    [Fact]
    public async Task Given_a_signature_covering_an_admin_route_When_used_with_the_admin_role_Then_404()
    {
        using var owner = app.Api();
        var expires = Format(app.Clock.GetUtcNow().UtcDateTime.AddHours(1));
        var headers = new List<(string, string)>
        {
            ("Client-ID", Guid.NewGuid().ToString()), ("X-Project-ID", owner.Project), ("X-Roles", "admin"), ("URL-Expires", expires),
            ("URL-Methods", "GET"), ("URL-Paths", "/v2/health"),
            ("URL-Signature", SignedUrlWire.Sign(SignedUrlWire.Secret, ["/v2/health"], ["GET"], owner.Project, expires)),
        };
        Assert.Equal(HttpStatusCode.OK, (await app.SendRaw(Wire.Request(HttpMethod.Get, "/v2/health", ("Client-ID", Guid.NewGuid().ToString()),
            ("X-Project-ID", owner.Project), ("X-Roles", "admin")))).Status);

        (await app.SendSigned(HttpMethod.Get, "/v2/health", headers)).AssertRefused("admin route");
    }

    [Fact]
    public async Task Given_a_failing_signature_When_the_request_is_also_form_encoded_Then_the_404_comes_first()
    {
        var (owner, queue, _, grant) = await Shared();
        using var _ = owner;
        var request = Wire.Request(HttpMethod.Post, $"/v2/queues/{queue}/messages", [.. SignedUrlWire.Headers(grant).With("URL-Signature", "0")])
            .WithBody("a=b", "application/x-www-form-urlencoded");

        (await app.SendRaw(request)).AssertRefused("hook 1 before hook 2");
    }

    private static string Format(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
}
