using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Auth;

/// <summary>Pre-signed URLs on the wire: sharing, the headers a signed request carries, and signing as Zaqar signs, written apart from the service's code.</summary>
public static class SignedUrlWire
{
    public const string Secret = "test-secret";

    /// <summary>POST .../share; the answer must be a 200.</summary>
    public static async Task<JsonObject> Share(this Api api, string queue, string body)
    {
        var reply = await api.Post($"/v2/queues/{queue}/share", body);
        Assert.True(reply.Status == System.Net.HttpStatusCode.OK, $"{(int)reply.Status} {reply.Body}");
        return reply.Json!.AsObject();
    }

    /// <summary>The headers of a request made with a share's answer (as python-zaqarclient's signed-url backend sends them).</summary>
    public static List<(string Name, string Value)> Headers(JsonObject grant) =>
    [
        ("Client-ID", Guid.NewGuid().ToString()),
        ("X-Project-ID", grant["project"]!.GetValue<string>()),
        ("URL-Signature", grant["signature"]!.GetValue<string>()),
        ("URL-Expires", grant["expires"]!.GetValue<string>()),
        ("URL-Methods", string.Join(",", grant["methods"]!.AsArray().Select(m => m!.GetValue<string>()))),
        ("URL-Paths", string.Join(",", grant["paths"]!.AsArray().Select(p => p!.GetValue<string>()))),
    ];

    /// <summary>The headers with one replaced (or added).</summary>
    public static List<(string Name, string Value)> With(this List<(string Name, string Value)> headers, string name, string value) =>
        [.. headers.Where(h => !string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)), (name, value)];

    public static async Task<Reply> SendSigned(this SluiceApp app, HttpMethod method, string path, List<(string Name, string Value)> headers, string? body = null)
    {
        var request = Wire.Request(method, path, [.. headers]);
        if (body is not null) request.WithBody(body);
        return await app.SendRaw(request);
    }

    /// <summary>zaqar/common/urls.py: HMAC-SHA256 over sorted paths, sorted methods, project and expiry, joined by backslash-n.</summary>
    public static string Sign(string secret, IEnumerable<string> paths, IEnumerable<string> methods, string project, string expires)
    {
        var message = string.Join(",", paths.Order(StringComparer.Ordinal)) + @"\n" + string.Join(",", methods.Order(StringComparer.Ordinal)) + @"\n" + project + @"\n" + expires;
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>A bare 404, as for an unrouted path: what every failed signed request gets.</summary>
    public static void AssertRefused(this Reply reply, string what)
    {
        Assert.True(reply.Status == System.Net.HttpStatusCode.NotFound, $"{what}: {(int)reply.Status} {reply.Body}");
        Assert.Equal("""{"title":"404 Not Found"}""", reply.Body);
    }
}
