using System.Net;
using System.Text;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>
/// Bad input gets a 4xx in the error format, changes nothing, and is never a 500 (issue 2): every body-taking
/// route is fed the same set of malformed bodies, then the project's state is compared with what it was.
/// </summary>
public sealed class BadInputTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    /// <summary>Bodies no route accepts: broken syntax, scalars at the top, oversized integers, invalid UTF-8, deep nesting.</summary>
    private static readonly byte[][] Bodies =
    [
        "{"u8.ToArray(),
        "{\"messages\":[{\"body\":1}"u8.ToArray(),
        "nul"u8.ToArray(),
        "\"just a string\""u8.ToArray(),
        "42"u8.ToArray(),
        "null"u8.ToArray(),
        "{\"messages\":[{\"body\":99999999999999999999}]}"u8.ToArray(),
        "{\"ttl\":18446744073709551616}"u8.ToArray(),
        "[1, -9223372036854775809]"u8.ToArray(),
        [.. "{\"messages\":[{\"body\":\""u8, 0xff, 0xfe, .. "\"}]}"u8],
        [.. "{\"a\":\""u8, 0xc3, 0x28, .. "\"}"u8],
        [0xef, 0xbb, 0xbf, .. "{\"a\":1}"u8],
        Encoding.UTF8.GetBytes(new string('[', 500) + new string(']', 500)),
        "{\"a\":1}}"u8.ToArray(),
        "{'a':1}"u8.ToArray(),
    ];

    public static TheoryData<string, string, string> Routes => new()
    {
        { "POST", "/v2/queues/q/messages", "application/json" },
        { "PUT", "/v2/queues/q", "application/json" },
        { "PUT", "/v2/queues/fresh", "application/json" },
        { "PATCH", "/v2/queues/q", "application/openstack-messaging-v2.0-json-patch" },
        { "POST", "/v2/queues/q/claims", "application/json" },
        { "PATCH", "/v2/queues/q/claims/{claim}", "application/json" },
        { "POST", "/v2/queues/q/purge", "application/json" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Given_malformed_bodies_When_sent_Then_each_is_a_4xx_in_the_error_format_and_nothing_changes(string method, string route, string contentType)
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.Created, (await api.Put("/v2/queues/q", "{\"keep\":1}")).Status);
        await api.PostMessages("q", "1", "2", "3");
        var (claim, _) = await api.Claim("q", limit: 1);
        var path = route.Replace("{claim}", claim, StringComparison.Ordinal);
        var before = await State(api);

        foreach (var body in Bodies)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            var reply = await api.Send(request);
            var shown = Encoding.UTF8.GetString(body);
            Assert.True((int)reply.Status is >= 400 and < 500, $"{method} {path} with {shown}: {(int)reply.Status} {reply.Body}");
            Assert.False(string.IsNullOrEmpty(reply.Title), $"{method} {path} with {shown}: no error title in {reply.Body}");
        }

        Assert.Equal(before, await State(api));
    }

    private static async Task<string> State(Api api) => string.Join('\n',
        (await api.Get("/v2/queues?detailed=true")).Body,
        (await api.Get("/v2/queues/q/messages?echo=true&include_claimed=true")).Body,
        (await api.Get("/v2/queues/q/stats")).Body.Split("\"oldest\"")[0]);
}
