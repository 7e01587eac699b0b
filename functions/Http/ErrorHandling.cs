using Microsoft.AspNetCore.Diagnostics;
using Sluice.Infra.Diagnostics;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Http;

/// <summary>
/// The one place exceptions become responses: a store that cannot be reached is a 503 (contract §1.5), and so is a
/// request still conflicting with concurrent ones after its retries (a deadlock, a lost append), described as what it
/// is, and so is a catalog (Table Storage) that cannot be reached or keeps conflicting; a malformed HTTP request a 400, anything else a 500 that never echoes the exception.
/// </summary>
internal sealed partial class ErrorHandling(StorageOutage outage, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            // Zaqar never answers 413 (contract §1.5): a body Kestrel refuses is a 400 like any other bad body. Kestrel
            // aborts such a request (it closes the connection after this answer), so this comes before the check below.
            await ApiError.Write(httpContext, StatusCodes.Status400BadRequest, ApiError.InvalidBody, $"The request could not be read ({bad.StatusCode}).");
            return true;
        }
        if (httpContext.RequestAborted.IsCancellationRequested) return true;
        if (Conflicts.Is(exception))
        {
            // Not an outage and not the client's fault: the request lost to concurrent ones on the same rows, every
            // attempt rolled back (RetryOnConflictBehavior), and sending it again is safe.
            LogConflict(LogText.Describe(exception));
            httpContext.Response.Headers.RetryAfter = "1";
            await ApiError.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
                "The request conflicted with concurrent requests and was not applied. Please try again.");
        }
        else if (exception is Sluice.Infra.Catalog.CatalogUnavailableException catalog)
        {
            LogCatalogUnavailable(catalog.Message, catalog.InnerException is { } inner ? LogText.Describe(inner) : "");
            httpContext.Response.Headers.RetryAfter = "1";
            await ApiError.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable", catalog.Message);
        }
        else if (outage.Absorb(exception, "requests"))
        {
            // Logged once per outage, not once per request (StorageOutage).
            await ApiError.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
                "The storage is not reachable. Please try again in a few seconds.");
        }
        else
        {
            LogUnexpected(exception, httpContext.Request.Method, LogText.Safe(httpContext.Request.Path.Value));
            await ApiError.Write(httpContext, StatusCodes.Status500InternalServerError, "Internal server error", "An unexpected error occurred.");
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request still conflicting with concurrent ones after its retries ({Reason})")]
    private partial void LogConflict(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} ({Reason})")]
    private partial void LogCatalogUnavailable(string what, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
