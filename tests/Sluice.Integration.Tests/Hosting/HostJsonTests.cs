using System.Text.Json.Nodes;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>
/// The Functions host ignores keys it does not know, silently: a misspelled switch (Microsoft's own sample ships
/// "enableHttpProxyingRequest") just does nothing. host.json is checked against the keys of the host.json 2.0 schema
/// that apply to a custom handler, and for the values Sluice depends on.
/// </summary>
public sealed class HostJsonTests
{
    // Every key allowed at each object path; "*" marks free-form maps (log categories, header names).
    private static readonly Dictionary<string, string[]> Known = new(StringComparer.Ordinal)
    {
        [""] = ["version", "customHandler", "extensions", "functionTimeout", "logging", "healthMonitor", "singleton",
            "retry", "watchDirectories", "watchFiles", "managedDependency", "concurrency", "aggregator", "extensionBundle",
            "functions"],
        ["customHandler"] = ["description", "enableForwardingHttpRequest", "enableProxyingHttpRequest", "port", "http"],
        // http.routes generates functions and cannot live beside function.json folders: only enableProxying is allowed.
        ["customHandler.http"] = ["enableProxying"],
        ["customHandler.description"] = ["defaultExecutablePath", "workingDirectory", "arguments", "defaultWorkerPath", "workerArguments"],
        ["extensions"] = ["http"],
        ["extensions.http"] = ["routePrefix", "maxOutstandingRequests", "maxConcurrentRequests", "dynamicThrottlesEnabled",
            "hsts", "customHeaders"],
        ["extensions.http.customHeaders"] = ["*"],
        ["logging"] = ["logLevel", "fileLoggingMode", "console", "applicationInsights"],
        ["logging.logLevel"] = ["*"],
    };

    [Fact]
    public void Host_json_has_only_known_keys()
    {
        var unknown = Unknown(Parse(File.ReadAllText(Repository.PathOf("host.json"))));
        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("""{"version":"2.0","customHandler":{"description":{"defaultExecutablePath":"app/x"},"enableHttpProxyingRequest":true}}""", "customHandler.enableHttpProxyingRequest")]
    [InlineData("""{"version":"2.0","extension":{"http":{"routePrefix":""}}}""", "extension")]
    [InlineData("""{"version":"2.0","extensions":{"http":{"routPrefix":""}}}""", "extensions.http.routPrefix")]
    [InlineData("""{"version":"2.0","customHandler":{"description":{"defaultExecutable":"app/x"}}}""", "customHandler.description.defaultExecutable")]
    [InlineData("""{"version":"2.0","customHandler":{"http":{"routes":[{"route":"{*path}"}]}}}""", "customHandler.http.routes")]
    public void A_misspelled_key_is_reported(string json, string path) => Assert.Equal([path], Unknown(Parse(json)));

    [Fact]
    public void Host_json_runs_the_published_app_with_pass_through_and_no_route_prefix()
    {
        var host = Parse(File.ReadAllText(Repository.PathOf("host.json")));
        Assert.Equal("2.0", (string?)host["version"]);
        var handler = host["customHandler"]!.AsObject();
        Assert.Equal("app/Sluice.Functions", (string?)handler["description"]!["defaultExecutablePath"]);
        Assert.Equal("app", (string?)handler["description"]!["workingDirectory"]);
        Assert.True((bool?)handler["enableProxyingHttpRequest"]);
        // Only one pass-through mode may be set.
        Assert.Null(handler["enableForwardingHttpRequest"]);
        Assert.Equal("", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.True(TimeSpan.TryParse((string?)host["functionTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var timeout));
        Assert.InRange(timeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));
        Assert.NotNull(host["logging"]!["logLevel"]!["default"]);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static List<string> Unknown(JsonObject node, string path = "")
    {
        var found = new List<string>();
        if (!Known.TryGetValue(path, out var allowed)) return found;
        if (allowed is ["*"]) return found;
        foreach (var (key, value) in node)
        {
            var child = path.Length == 0 ? key : path + "." + key;
            if (!allowed.Contains(key, StringComparer.Ordinal)) found.Add(child);
            else if (value is JsonObject inner) found.AddRange(Unknown(inner, child));
        }
        return found;
    }
}
