using System.Text.Json;
using Sluice.Functions.Jobs;

namespace Sluice.Functions.Hosting;

/// <summary>
/// The function definitions of the deployed package, generated from the app itself: one HTTP function per endpoint
/// group (<see cref="HttpFunction"/>) and one timer function per <see cref="BackgroundJob"/>.
/// <c>Sluice.Functions --write-functions DIR</c> writes them as DIR/{name}/function.json.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>Every method an HTTP function passes through; the app answers 405 and OPTIONS itself.</summary>
    public static readonly string[] Methods = ["get", "post", "put", "patch", "delete", "head", "options"];

    public static IReadOnlyList<HttpFunction> HttpFunctions(IEnumerable<Endpoint> endpoints) =>
        [.. endpoints.OfType<RouteEndpoint>()
            .Select(e => e.Metadata.GetMetadata<HttpFunction>())
            .OfType<HttpFunction>()
            .Distinct()
            .OrderBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>The function.json of each function, by function name.</summary>
    public static IReadOnlyDictionary<string, string> Definitions(IEnumerable<Endpoint> endpoints, IReadOnlyList<BackgroundJob> jobs)
    {
        var http = HttpFunctions(endpoints);
        var clash = http.Select(f => f.Name).Concat(jobs.Select(j => j.Name)).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null) throw new InvalidOperationException($"Two functions are named '{clash.Key}'.");

        var definitions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in http) definitions[function.Name] = HttpDefinition(function);
        foreach (var job in jobs) definitions[job.Name] = TimerDefinition(job);
        return definitions;
    }

    public static void Write(string directory, IEnumerable<Endpoint> endpoints, IReadOnlyList<BackgroundJob> jobs)
    {
        foreach (var (name, json) in Definitions(endpoints, jobs))
        {
            var folder = Path.Combine(directory, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), json);
        }
    }

    // Exactly one httpTrigger in and one http out: the only shape the host passes through (any other falls back to
    // JSON envelopes). Anonymous: callers authenticate to the app, as Zaqar clients expect.
    private static string HttpDefinition(HttpFunction function) => Json(w =>
    {
        w.WriteStartArray("bindings");
        w.WriteStartObject();
        w.WriteString("type", "httpTrigger");
        w.WriteString("direction", "in");
        w.WriteString("name", "req");
        w.WriteString("authLevel", "anonymous");
        w.WriteStartArray("methods");
        foreach (var method in Methods) w.WriteStringValue(method);
        w.WriteEndArray();
        w.WriteString("route", function.Route);
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("type", "http");
        w.WriteString("direction", "out");
        w.WriteString("name", "res");
        w.WriteEndObject();
        w.WriteEndArray();
    });

    // runOnStartup stays false: on Flex it would fire on every scale-out. The schedule is an app setting (%NAME%), so
    // each environment sets its own; useMonitor keeps its default (on for schedules of a minute or more).
    private static string TimerDefinition(BackgroundJob job) => Json(w =>
    {
        w.WriteStartArray("bindings");
        w.WriteStartObject();
        w.WriteString("type", "timerTrigger");
        w.WriteString("direction", "in");
        w.WriteString("name", "timer");
        w.WriteString("schedule", job.Schedule);
        w.WriteBoolean("runOnStartup", false);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
