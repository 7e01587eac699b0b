using System.Net;

namespace Sluice.Integration.Tests.Harness;

/// <summary>What the Functions host sends to run a timer function: a POST of its payload to /{function}.</summary>
public static class FunctionsHost
{
    public const string TimerPayload = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"sweep","UtcNow":"2026-11-24T10:00:00Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
        """;

    /// <summary>Invokes the timer function at <paramref name="path"/> with the host's headers; the status and body it answered.</summary>
    public static async Task<(HttpStatusCode Status, string? ContentType, string Body)> InvokeTimer(this SluiceApp app, string path)
    {
        using var client = app.Raw();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(TimerPayload, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1040.0");
        using var reply = await client.SendAsync(request);
        return (reply.StatusCode, reply.Content.Headers.ContentType?.MediaType, await reply.Content.ReadAsStringAsync());
    }
}
