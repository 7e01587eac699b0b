using System.Net;
using System.Text;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>Contract §1.2 response rules (Content-Type, UTF-8, X-Openstack-Request-Id) and §1.3 chunked bodies.</summary>
public sealed class ResponseHeaderTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_non_ascii_metadata_When_get_Then_json_utf8_without_escapes()
    {
        using var api = app.Api();
        await api.CreateQueue("utf", "{\"description\":\"café ☕\"}");
        var reply = await api.Get("/v2/queues/utf");
        Assert.Equal("application/json", reply.MediaType());
        Assert.Contains("\"café ☕\"", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_request_id_header_When_get_Then_response_echoes_it()
    {
        using var api = app.Api();
        var reply = await api.Send(Wire.Request(HttpMethod.Get, "/v2/queues", ("X-Openstack-Request-Id", "req-3f2504e0-4f89-11d3-9a0c-0305e82c3301")));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Headers.TryGetValues("X-Openstack-Request-Id", out var values), "no X-Openstack-Request-Id on the response");
        Assert.Equal("req-3f2504e0-4f89-11d3-9a0c-0305e82c3301", Assert.Single(values));
    }

    [Fact]
    public async Task Given_no_request_id_header_When_get_Then_response_carries_a_generated_one()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Headers.TryGetValues("X-Openstack-Request-Id", out var values), "no X-Openstack-Request-Id on the response");
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(values)));
    }

    [Fact]
    public async Task Given_chunked_metadata_body_When_put_Then_201_and_metadata_stored()
    {
        using var api = app.Api();
        var reply = await api.Send(Chunked("/v2/queues/chunked", "{\"description\":\"streamed\"}"));
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("streamed", (await api.Metadata("chunked"))["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_chunked_metadata_body_over_65536_bytes_When_put_Then_400_and_no_queue()
    {
        using var api = app.Api();
        var reply = await api.Send(Chunked("/v2/queues/chunkedhuge", "{\"pad\":\"" + new string('x', 70000) + "\"}"));
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request", "Queue metadata is too large. Max size: 65536");
        Assert.Empty(await api.QueueNames());
    }

    /// <summary>A PUT whose body has no Content-Length, sent with Transfer-Encoding: chunked.</summary>
    private static HttpRequestMessage Chunked(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        return request;
    }
}
