using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>One generated request: a route's valid request with one part made hostile.</summary>
public sealed record HostileRequest(string Method, string Route, string Class, string Path, IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body, string? ContentType)
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>The request as written: the path and query are sent byte for byte, not canonicalized.</summary>
    public HttpRequestMessage ToMessage(Uri server)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(server.GetLeftPart(UriPartial.Authority) + Path, in Verbatim));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public override string ToString()
    {
        var body = Body is null ? "none" : Body.Length > 300 ? $"{Show(Body[..300])}… ({Body.Length} bytes)" : Show(Body);
        return $"{Method} {Path} [{Class}] headers {string.Join("; ", Headers.Select(h => $"{h.Name}: {Show(Encoding.UTF8.GetBytes(h.Value.Length > 80 ? h.Value[..80] + "…" : h.Value))}"))} content-type {ContentType} body {body}";
    }

    private static string Show(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}"));
}

/// <summary>
/// Generates hostile requests from the routes: each is the route's valid request (valid path, headers and body) with
/// one class of part made hostile — the path, the query, a header, a body value, a duplicated body key, or the body's
/// bytes. Classes take turns per route and method, so every one meets every class.
/// </summary>
public sealed class HostileRequests(Random random, IReadOnlyList<Route> routes, Func<Seeds> seeds)
{
    public static readonly string[] Classes = ["path", "query", "header", "body value", "duplicate key", "body bytes"];

    private static readonly string[] QueryNames =
        ["limit", "marker", "detailed", "echo", "include_claimed", "include_delayed", "ids", "claim_ids", "pop", "claim_id", "wait", "after", "name", "with_count"];

    /// <summary>Already percent-encoded as they go on the wire.</summary>
    private static readonly string[] HostileQueryValues =
    [
        "", "%00", "a%00b", "-1", "0", "1", "2", "99999999999999999999", "-99999999999999999999", "2147483648", "1e3", "0x10", "1.5", "abc",
        "..", "%2F", "%2F%2F", "%ff", "%C0%AF", "%ED%A0%80", "%E2%98%83", "%F0%9F%98%80", new string('x', 5000), "true", "%uD800", "+1", "%201",
        "1,2", ",,,", "%ZZ", "%", "a%2Cb", "%22", "%27%3B--", "%5B%5D", "%7B%7D", "null", "00000000-0000-0000-0000-000000000000",
        "1%0d%0aX-Injected:%201", "\\u0000",
    ];

    private static readonly string[] HostileNames = ["%00", "a%00", "%ff", "", "%E2%98%83", "limit%00", "limit[]", "__proto__", new string('n', 3000)];

    private static readonly string[] HostileSegments =
    [
        "%00", "a%00b", "..", ".", "%2e%2e", "%2F", "a%2Fb", "%ff", "%C0%AF", "%ED%A0%80", "%E2%98%83", new string('q', 300), "%20", "a%20b", "%ZZ",
        "%", "%u0000", "~", "%5C", "%3F", "%23", "*", "-", "_", "0", "00000000-0000-0000-0000-000000000000", new string('f', 24),
        "5b3f2b1e-0000-4000-8000-000000000000", "%0d%0a", "%09",
    ];

    /// <summary>JSON values (as text) that no field expects.</summary>
    private static readonly string[] HostileValues =
    [
        "\"\\udc00x\"", "\"\\ud800\"", "\"x\\ud800\\ud800y\"", "\"x\\u0000y\"", "\"\\u0000\"", "99999999999999999999", "-99999999999999999999",
        "1e400", "-1e400", "-1", "0", "1", "59", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "1.5",
        "1e3", "-0", "true", "false", "null", "[]", "{}", "\"\"", "\"60\"", "\"\\ud83d\\ude00\"", "\"\\\\\"", "\"../..\"",
        "\"http://127.0.0.1/\"", "\"mailto:x\"", "\"\\u001f\"", "[\"\\udc00\"]", "{\"\\udc00\":1}", "{\"\\u0000\":1}", "{\"a\":\"\\u0000\"}",
        "[1,[2,[3]]]", "{\"ttl\":60}", "\"" + new string('s', 70_000) + "\"",
        new string('[', 600) + new string(']', 600),
        string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300),
    ];

    private static readonly string[] HostileKeys = ["\\udc00", "\\u0000", "", "ttl\\u0000", "\\ud800\\ud800"];

    private static readonly byte[][] BadBytes = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x00], [0xef, 0xbb, 0xbf]];

    private readonly Dictionary<string, int> _turns = [];
    private int _next;

    public HostileRequest Next()
    {
        var route = routes[_next % routes.Count];
        var method = route.Methods[(_next / routes.Count) % route.Methods.Length];
        _next++;
        var key = method + " " + route.Template;
        var turn = _turns.GetValueOrDefault(key);
        _turns[key] = turn + 1;
        var kind = Classes[turn % Classes.Length];

        var s = seeds();
        var values = new Dictionary<string, string>
        {
            ["queue_name"] = Seeds.Queue, ["message_id"] = s.Message, ["claim_id"] = s.Claim, ["subscription_id"] = s.Subscription, ["root"] = "",
        };
        var template = Body(method, route.Template);
        var contentType = template is null ? null : method == "PATCH" && route.Template == "/v2/queues/{queue_name}"
            ? "application/openstack-messaging-v2.0-json-patch" : "application/json";
        var headers = new List<(string, string)> { ("Client-ID", Guid.NewGuid().ToString()), ("X-Project-ID", Seeds.Tenant) };
        string query = "";
        byte[]? body = template is null ? null : Encoding.UTF8.GetBytes(template.ToString());

        switch (kind)
        {
            case "path":
                var names = values.Keys.Where(n => route.Template.Contains("{" + n, StringComparison.Ordinal)).ToList();
                if (names.Count > 0) values[Pick(names)] = Pick(HostileSegments);
                else query = "";
                break;
            case "query":
                var count = random.Next(1, 4);
                query = "?" + string.Join("&", Enumerable.Range(0, count).Select(_ =>
                    (random.Next(5) == 0 ? Pick(HostileNames) : Pick(QueryNames)) + "=" + Pick(HostileQueryValues)));
                break;
            case "header":
                Header(headers, ref contentType);
                break;
            case "body value":
                template ??= new JObject([]);
                contentType ??= "application/json";
                body = Encoding.UTF8.GetBytes(Replace(template, new JRaw(Pick(HostileValues))).ToString());
                break;
            case "duplicate key":
                template ??= new JObject([("ttl", new JRaw("60"))]);
                contentType ??= "application/json";
                body = Encoding.UTF8.GetBytes(Duplicate(template).ToString());
                break;
            case "body bytes":
                contentType ??= "application/json";
                body = Bytes(Encoding.UTF8.GetBytes((template ?? new JObject([("ttl", new JRaw("60"))])).ToString()));
                break;
        }

        var path = route.Template.Contains("{root", StringComparison.Ordinal) && kind == "path"
            ? "/" + Pick(HostileSegments)
            : Fill(route.Template, values);
        return new HostileRequest(method, route.Template, kind, path + query, headers, body, contentType);
    }

    private void Header(List<(string Name, string Value)> headers, ref string? contentType)
    {
        switch (random.Next(10))
        {
            case 0:
                headers[0] = ("Client-ID", Pick(["", "not-a-uuid", "%00", new string('c', 3000), "00000000-0000-0000-0000-00000000000g", "{" + Guid.NewGuid() + "}x", "é"]));
                break;
            case 1:
                headers[1] = ("X-Project-ID", Pick(["", new string('p', 300), "%00", "..", "a/b", "é", "fuzz, other", " ", "Control"]));
                break;
            case 2:
                headers.Add(("X-Project-ID", "second"));
                break;
            case 3:
                headers.Add(("Accept", Pick(["application/xml", "*/*;q=0", "text/event-stream", ";;;", "application/json;q=abc", "\u00e9", new string('a', 4000)])));
                break;
            case 4:
                contentType = Pick(["application/x-www-form-urlencoded", "text/plain", "application/json; charset=utf-16", ";;", "application/json; charset=\"\\\"", "multipart/form-data; boundary=x", "é"]);
                break;
            case 5:
                headers.Add(("Last-Event-ID", Pick(["..", "%2F", "-1", "0", "99999999999999999999", new string('9', 400), "a.b.c", ".", "1.", ".1", "\u00e9", "0.0", "-1.-1"])));
                if (random.Next(2) == 0) headers.Add(("Accept", "text/event-stream"));
                break;
            case 6:
                headers.Add(("Idempotency-Key", Pick(["", new string('k', 300), "\u00e9", "a b", "\t", "%00"])));
                break;
            case 7:
                headers.Add(("X-Roles", Pick(["admin", "admin,admin", ",", new string('r', 5000)])));
                break;
            case 8:
                // A pre-signed request gone wrong: whatever the rest, hook 1 answers it first.
                headers.Add(("URL-Signature", Pick(["0", new string('a', 64), new string('A', 64), "%00", "\u00e9", new string('s', 5000)])));
                headers.Add(("URL-Expires", Pick(["2099-01-01T00:00:00", "", "0", "1893456000", "2099-13-01", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00", "x", new string('9', 400)])));
                headers.Add(("URL-Methods", Pick(["GET,POST,PUT,PATCH,DELETE", "", ",", "\\n", "GET\\nGET"])));
                headers.Add(("URL-Paths", Pick(["/v2", "", ",", "/v2/queues/" + Seeds.Queue, ".*", "(a+)+$", "\u00e9"])));
                break;
            default:
                headers.Add(("X-Openstack-Request-Id", Pick(["", new string('i', 5000), "\u00e9", "req-%00"])));
                break;
        }
    }

    private static string Fill(string template, Dictionary<string, string> values)
    {
        var path = template;
        foreach (var (name, value) in values)
        {
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + name + "[^}]*\\}", value.Replace("$", "$$", StringComparison.Ordinal));
        }
        return path;
    }

    private byte[] Bytes(byte[] valid)
    {
        switch (random.Next(7))
        {
            case 0:
                return valid[..random.Next(valid.Length)];
            case 1:
                var at = random.Next(valid.Length + 1);
                return [.. valid[..at], .. Pick(BadBytes), .. valid[at..]];
            case 2:
                return [0xef, 0xbb, 0xbf, .. valid];
            case 3:
                return [.. valid, .. "}]x"u8];
            case 4:
                return Encoding.UTF8.GetBytes(new string('[', 5000) + Encoding.UTF8.GetString(valid) + new string(']', 5000));
            case 5:
                return Encoding.UTF8.GetBytes("{\"messages\":[{\"body\":\"" + new string('b', 300_000) + "\"}],\"pad\":" + Encoding.UTF8.GetString(valid) + "}");
            default:
                return [];
        }
    }

    private J Replace(J node, J hostile)
    {
        var all = new List<J>();
        Collect(node, all);
        var target = Pick(all);
        return Rebuild(node, target, hostile);
    }

    private J Duplicate(J node)
    {
        var objects = new List<J>();
        Collect(node, objects);
        objects.RemoveAll(j => j is not JObject);
        if (objects.Count == 0) return node;
        var target = (JObject)Pick(objects);
        var key = target.Members.Count == 0 || random.Next(4) == 0 ? Pick(HostileKeys) : Pick(target.Members).Key;
        var hostile = new JRaw(Pick(HostileValues));
        JObject copy = random.Next(2) == 0
            ? new([.. target.Members, (key, hostile)])
            : new([(key, hostile), .. target.Members]);
        return Rebuild(node, target, copy);
    }

    private static void Collect(J node, List<J> all)
    {
        all.Add(node);
        switch (node)
        {
            case JObject o:
                foreach (var (_, value) in o.Members) Collect(value, all);
                break;
            case JArray a:
                foreach (var item in a.Items) Collect(item, all);
                break;
        }
    }

    private static J Rebuild(J node, J target, J replacement) => ReferenceEquals(node, target) ? replacement : node switch
    {
        JObject o => new JObject([.. o.Members.Select(m => (m.Key, Rebuild(m.Value, target, replacement)))]),
        JArray a => new JArray([.. a.Items.Select(i => Rebuild(i, target, replacement))]),
        _ => node,
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Each route's valid body, or null when it takes none.</summary>
    private static J? Body(string method, string template) => (method, template) switch
    {
        ("PUT", "/v2/queues/{queue_name}") => Obj(("description", "\"d\""), ("_default_message_ttl", "3600"), ("_max_messages_post_size", "65536"),
            ("_max_claim_count", "5"), ("_dead_letter_queue", "\"dlq\""), ("_dead_letter_queue_messages_ttl", "3600"), ("_default_message_delay", "0"),
            ("x", "{\"nested\":[1,2]}")),
        ("PATCH", "/v2/queues/{queue_name}") => new JArray([
            Obj(("op", "\"replace\""), ("path", "\"/metadata/description\""), ("value", "\"v\"")),
            Obj(("op", "\"add\""), ("path", "\"/metadata/k\""), ("value", "1")),
            Obj(("op", "\"remove\""), ("path", "\"/metadata/x\"")),
        ]),
        ("POST", "/v2/queues/{queue_name}/messages") => new JObject([("messages", new JArray([
            Obj(("body", "{\"a\":1}"), ("ttl", "300"), ("delay", "0")),
            Obj(("body", "\"s\"")),
        ]))]),
        ("POST", "/v2/queues/{queue_name}/claims") or ("PATCH", "/v2/queues/{queue_name}/claims/{claim_id}") => Obj(("ttl", "60"), ("grace", "60")),
        ("POST", "/v2/queues/{queue_name}/purge") => Obj(("resource_types", "[\"messages\",\"subscriptions\"]")),
        ("POST", "/v2/queues/{queue_name}/share") => Obj(("paths", "[\"messages\",\"claims\"]"), ("methods", "[\"GET\",\"POST\"]"),
            ("expires", "\"2099-01-01T00:00:00\"")),
        ("POST", "/v2/queues/{queue_name}/subscriptions") or ("PATCH", "/v2/queues/{queue_name}/subscriptions/{subscription_id}") => new JObject([
            ("subscriber", new JRaw("\"http://example.com/hook\"")), ("ttl", new JRaw("3600")),
            ("options", new JObject([
                ("post_headers", Obj(("X-T", "\"v\""))), ("post_data", new JRaw("\"d\"")),
                ("_retry_policy", Obj(("retries_with_no_delay", "1"), ("minimum_delay_retries", "1"), ("minimum_delay", "1"), ("maximum_delay", "2"),
                    ("maximum_delay_retries", "1"), ("retry_backoff_function", "\"linear\""), ("ignore_subscription_override", "false"))),
            ])),
        ]),
        ("PUT", "/v2/queues/{queue_name}/subscriptions/{subscription_id}/confirm") => Obj(("confirmed", "true")),
        _ => null,
    };

    private static JObject Obj(params (string Key, string Json)[] members) => new([.. members.Select(m => (m.Key, (J)new JRaw(m.Json)))]);
}

/// <summary>A JSON document that may hold duplicate keys and any raw text, which System.Text.Json's nodes cannot.</summary>
public abstract record J;

public sealed record JRaw(string Text) : J
{
    public override string ToString() => Text;
}

public sealed record JObject(List<(string Key, J Value)> Members) : J
{
    public override string ToString() => "{" + string.Join(",", Members.Select(m => "\"" + m.Key + "\":" + m.Value)) + "}";
}

public sealed record JArray(List<J> Items) : J
{
    public override string ToString() => "[" + string.Join(",", Items) + "]";
}
