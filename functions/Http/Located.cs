namespace Sluice.Functions.Http;

/// <summary>A result with a Location header (§1.6): created queues, posted messages, claims.</summary>
internal sealed class Located(string location, IResult inner) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.Location = location;
        return inner.ExecuteAsync(httpContext);
    }
}
