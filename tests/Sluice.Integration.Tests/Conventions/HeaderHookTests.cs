using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>Contract §1.1 (hook order) and §1.2 (Client-ID, X-Project-ID, Accept, Content-Type).</summary>
public sealed class HeaderHookTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private const string Uuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    public static readonly TheoryData<string> Routes = ["/v2/ping", "/v2/", "/v2/queues", "/v2/queues/hooked", "/v2/queues/hooked/stats"];

    public static TheoryData<string, string> AcceptedClientIds()
    {
        string[] forms = [Uuid, Uuid.ToUpperInvariant(), Uuid.Replace("-", "", StringComparison.Ordinal), "{" + Uuid + "}", "urn:uuid:" + Uuid,
            "3F2504e0-4f89-11D3-9a0c-0305E82C3301", "{3F2504E04F8911D39A0C0305E82C3301}"];
        var data = new TheoryData<string, string>();
        foreach (var route in Routes)
        {
            foreach (var form in forms) data.Add(route, form);
        }
        return data;
    }

    private static (string, string) Project => ("X-Project-ID", "project-" + Guid.NewGuid().ToString("N")[..8]);

    [Theory]
    [MemberData(nameof(AcceptedClientIds))]
    public async Task Given_client_id_in_an_accepted_uuid_form_When_get_Then_success(string route, string clientId)
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, route, ("Client-ID", clientId), Project));
        Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{route} with {clientId}: {(int)reply.Status} {reply.Body}");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Given_no_client_id_When_get_Then_400_missing_header_value(string route)
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, route, Project));
        reply.AssertError(HttpStatusCode.BadRequest, "Missing header value", "The \"Client-ID\" header is required.");
    }

    [Theory]
    [InlineData("/v2/ping", "not-a-uuid")]
    [InlineData("/v2/", "3f2504e0-4f89-11d3-9a0c-0305e82c330")]
    [InlineData("/v2/queues", "3f2504e0-4f89-11d3-9a0c-0305e82c33011")]
    [InlineData("/v2/queues/hooked", "3g2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/v2/queues/hooked/stats", "client-1234567890")]
    [InlineData("/v2/ping", "3f2504e0-4f89-11d3-9a0c-0305e82c3301x")]
    [InlineData("/v2/", "urn:uuid:")]
    public async Task Given_malformed_client_id_When_get_Then_400_wrong_uuid_value(string route, string clientId)
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, route, ("Client-ID", clientId), Project));
        reply.AssertError(HttpStatusCode.BadRequest, "Wrong UUID value", "Malformed hexadecimal UUID.");
    }

    [Fact]
    public async Task Given_no_client_id_When_head_ping_Then_400()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Head, "/v2/ping", Project));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Given_no_project_header_When_get_Then_400_project_id_missing(string route)
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, route, ("Client-ID", Uuid)));
        reply.AssertError(HttpStatusCode.BadRequest, "Project-Id Missing", "The header X-PROJECT-ID was missing");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Given_empty_project_header_When_get_Then_400_empty_project(string route)
    {
        var (status, json) = await app.SendDirect("GET", route, ("Client-ID", Uuid), ("X-Project-ID", ""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Empty project header not allowed", json!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/v2/queues/q")]
    [InlineData("/v2/queues/q/stats")]
    public async Task Given_project_id_of_257_chars_When_queue_route_Then_400_invalid_queue_identification(string route)
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, route, ("Client-ID", Uuid), ("X-Project-ID", new string('p', 257))));
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid queue identification");
    }

    [Fact]
    public async Task Given_project_id_of_256_chars_When_queue_route_Then_200()
    {
        using var api = app.Api(new string('p', 256));
        Assert.Equal(HttpStatusCode.OK, (await api.Get("/v2/queues/q")).Status);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("text/html, application/xml;q=0.9")]
    public async Task Given_accept_excluding_json_When_get_Then_406_with_empty_body(string accept)
    {
        using var api = app.Api();
        var reply = await api.Send(Wire.Request(HttpMethod.Get, "/v2/queues", ("Accept", accept)));
        Assert.Equal(HttpStatusCode.NotAcceptable, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("text/html, application/json;q=0.5")]
    public async Task Given_accept_admitting_json_When_get_Then_200(string accept)
    {
        using var api = app.Api();
        var reply = await api.Send(Wire.Request(HttpMethod.Get, "/v2/queues", ("Accept", accept)));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Given_form_urlencoded_body_When_put_queue_Then_400_invalid_content_type_and_no_queue()
    {
        using var api = app.Api();
        var reply = await api.Send(HttpMethod.Put, "/v2/queues/formed", "a=1", "application/x-www-form-urlencoded");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid Content-Type");
        Assert.Empty(await api.QueueNames());
    }

    [Fact]
    public async Task Given_json_body_sent_as_text_plain_When_put_queue_Then_parsed_as_json()
    {
        using var api = app.Api();
        var reply = await api.Send(HttpMethod.Put, "/v2/queues/plain", "{\"k\":1}", "text/plain");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(1, (await api.Metadata("plain"))["k"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_form_body_and_bad_accept_and_no_client_id_When_put_Then_form_check_wins()
    {
        var request = Wire.Request(HttpMethod.Put, "/v2/queues/q", ("Accept", "text/plain")).WithBody("a=1", "application/x-www-form-urlencoded");
        var reply = await app.SendRaw(request);
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid Content-Type");
    }

    [Fact]
    public async Task Given_bad_accept_and_no_client_id_When_get_Then_accept_check_wins_with_406()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, "/v2/queues", ("Accept", "text/plain")));
        Assert.Equal(HttpStatusCode.NotAcceptable, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Fact]
    public async Task Given_no_client_id_and_no_project_When_get_Then_client_id_check_wins()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, "/v2/queues/bad!name"));
        reply.AssertError(HttpStatusCode.BadRequest, "Missing header value");
    }

    [Fact]
    public async Task Given_no_project_and_bad_queue_name_When_get_Then_project_check_wins()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, "/v2/queues/bad!name", ("Client-ID", Uuid)));
        reply.AssertError(HttpStatusCode.BadRequest, "Project-Id Missing");
    }

    [Fact]
    public async Task Given_no_client_id_When_post_to_queue_collection_Then_400_not_405()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Post, "/v2/queues", Project).WithBody("{}"));
        reply.AssertError(HttpStatusCode.BadRequest, "Missing header value");
    }

    [Fact]
    public async Task Given_no_client_id_When_get_health_without_admin_Then_400_not_403()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, "/v2/health", Project));
        reply.AssertError(HttpStatusCode.BadRequest, "Missing header value");
    }
}
