using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Support;

/// <summary>Event-stream reads (README "Event streams").</summary>
public static class EventWire
{
    /// <summary>
    /// Reads a stream with long polls until <paramref name="expected"/> events have come: a stream is served only below
    /// the oldest transaction in flight in the database, so an event can take a moment to show.
    /// </summary>
    public static async Task<List<JsonNode>> ReadAll(Api api, string path, int expected)
    {
        var events = new List<JsonNode>();
        var clock = Stopwatch.StartNew();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var next = path + separator + "wait=5";
        while (events.Count < expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{events.Count} of {expected} events after 30 s");
            var page = await api.Get(next);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var batch = page.Json!["events"]!.AsArray();
            events.AddRange(batch.Select(e => e!.DeepClone()));
            if (batch.Count > 0) next = page.Json!["links"]![0]!["href"]!.GetValue<string>();
        }
        return events;
    }
}
