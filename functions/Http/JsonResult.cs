using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Functions.Http;

/// <summary>
/// A response written straight to the body pipe with Utf8JsonWriter: message bodies go out as the raw bytes the
/// client sent (DESIGN §6), and non-ASCII is not escaped (contract §1.2).
/// </summary>
internal sealed class JsonResult<T>(int status, T state, Action<Utf8JsonWriter, T> write, string contentType = "application/json") : IResult
{
    internal static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public int Status => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, Options))
        {
            write(writer, state);
        }
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}

internal static class Json
{
    public static JsonResult<T> Ok<T>(T state, Action<Utf8JsonWriter, T> write) => new(StatusCodes.Status200OK, state, write);

    public static JsonResult<T> Status<T>(int status, T state, Action<Utf8JsonWriter, T> write) => new(status, state, write);

    /// <summary>A <c>{"rel":"next","href":...}</c> links array: one entry when the page is non-empty, else empty (§1.7).</summary>
    public static void Links(Utf8JsonWriter w, string? next)
    {
        w.WriteStartArray("links");
        if (next is not null)
        {
            w.WriteStartObject();
            w.WriteString("rel", "next");
            w.WriteString("href", next);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
