using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Domain;
using Sluice.Functions.Http;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// <c>POST /v2/queues/{q}/share</c>: a pre-signed URL for a queue (contract §4.8, §7.5). The body is checked in
/// Zaqar's order and with its texts (zaqar/transport/wsgi/v2_0/urls.py, zaqar/common/urls.py): unknown keys, paths,
/// the key, methods, expires. Like Zaqar, the queue is neither looked up nor created.
/// </summary>
internal static class ShareEndpoints
{
    private static readonly string[] KnownKeys = ["methods", "expires", "paths"];
    private static readonly string[] ValidPaths = ["messages", "subscriptions", "claims"];

    public static async Task<IResult> Share(
        string queue_name, HttpRequest request, Caller caller, SignedUrl signer, Limits limits, TimeProvider clock, CancellationToken ct)
    {
        var (status, bytes) = await RequestBody.Read(request, limits.MaxQueueMetadata, ct);
        if (status == RequestBody.Status.TooLarge) return ApiError.Api($"Request body is too large. Max size: {limits.MaxQueueMetadata}");
        if (status == RequestBody.Status.Empty) return ApiError.Body("Request body can not be empty");
        var node = JsonInput.Parse(bytes, out var error);
        if (error is not null) return ApiError.Body(error);
        if (node is not JsonObject body) return ApiError.Body(JsonInput.NotSupported);
        var unknown = body.Where(p => Array.IndexOf(KnownKeys, p.Key) < 0).Select(p => PythonRepr.Of(p.Key)).ToList();
        if (unknown.Count > 0) return ApiError.Api("Unknown keys: " + PythonRepr.Set(unknown));
        if (ReadPaths(body["paths"], out var paths) is { } invalidPaths) return ApiError.Api(invalidPaths);
        if (!signer.HasKey) return ApiError.Api("The `key` can't be None");
        List<string> methods = ["GET"];
        if (!IsFalsy(body["methods"]))
        {
            if (body["methods"] is not JsonArray list) return ApiError.Api("`methods` should be a list");
            // Zaqar fails with a 500 on a method that is not a string; ours is a 400.
            if (list.Any(m => m?.GetValueKind() != JsonValueKind.String)) return ApiError.Api("`methods` should be a list of strings");
            methods = [.. list.Select(m => m!.GetValue<string>())];
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now.AddDays(1);
        // Absent and null alike take the default: Python passes None on.
        if (body["expires"] is { } given && ReadExpires(given, out expires) is { } invalidExpiry) return ApiError.Api(invalidExpiry);
        if (expires <= now) return ApiError.Api("`expires` is lower than the current time");
        var grant = signer.Sign(paths.Select(p => $"/v2/queues/{queue_name}/{p}"), methods, caller.Tenant.Value, expires);
        return Json.Ok(grant, static (w, g) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("paths");
            foreach (var path in g.Paths) w.WriteStringValue(path);
            w.WriteEndArray();
            w.WriteStartArray("methods");
            foreach (var method in g.Methods) w.WriteStringValue(method);
            w.WriteEndArray();
            w.WriteString("project", g.Project);
            w.WriteString("expires", g.Expires);
            w.WriteString("signature", g.Signature);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The resource names to sign, <c>messages</c> when the value is falsy; null when valid, else the error. Zaqar
    /// takes <c>set(paths)</c>, so a string stands for its characters and an object for its keys.
    /// </summary>
    private static string? ReadPaths(JsonNode? value, out List<string> paths)
    {
        paths = ["messages"];
        if (IsFalsy(value)) return null;
        List<JsonNode?> items = value switch
        {
            JsonArray array => [.. array],
            JsonObject o => [.. o.Select(p => (JsonNode?)JsonValue.Create(p.Key))],
            _ when value!.GetValueKind() == JsonValueKind.String => [.. value.GetValue<string>().Select(c => (JsonNode?)JsonValue.Create(c.ToString()))],
            _ => [value],
        };
        var invalid = items.Where(i => i?.GetValueKind() != JsonValueKind.String || Array.IndexOf(ValidPaths, i.GetValue<string>()) < 0).Select(PythonRepr.Of).ToList();
        if (invalid.Count > 0) return "Invalid paths: " + PythonRepr.Set(invalid);
        paths = [.. items.Select(i => i!.GetValue<string>())];
        return null;
    }

    /// <summary>A given <c>expires</c>: strings as <see cref="SignedExpiry"/> reads them; a number or boolean as Python's int() reads it.</summary>
    private static string? ReadExpires(JsonNode value, out DateTime expires)
    {
        expires = default;
        var kind = value.GetValueKind();
        if (kind == JsonValueKind.String) return SignedExpiry.Parse(value.GetValue<string>(), out expires);
        var integer = kind switch
        {
            JsonValueKind.True => BigInteger.One,
            JsonValueKind.Number when double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => new BigInteger(d),
            _ => BigInteger.Zero,
        };
        return integer.IsZero ? "Unable to parse date string " + PythonRepr.Of(value) : SignedExpiry.NotAnInteger(integer.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Python's falsiness of what json.loads made: None, False, 0, "", [] and {}.</summary>
    private static bool IsFalsy(JsonNode? value) => value switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        _ => value.GetValueKind() switch
        {
            JsonValueKind.Null or JsonValueKind.False => true,
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            JsonValueKind.Number => double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == 0,
            _ => false,
        },
    };
}
