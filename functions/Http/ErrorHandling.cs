using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Sluice.Domain.Ports;

namespace Sluice.Functions.Http;

/// <summary>
/// The one place exceptions become responses: a store that cannot be reached is a 503 (contract §1.5), and so is a
/// request still conflicting with concurrent ones after its retries (a deadlock, a lost append), described as what it
/// is; a malformed HTTP request a 400, anything else a 500 that never echoes the exception.
/// </summary>
internal sealed partial class ErrorHandling(ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested) return true;
        switch (exception)
        {
            case BadHttpRequestException bad:
                // Zaqar never answers 413 (contract §1.5): a body Kestrel refuses is a 400 like any other bad body.
                await ApiError.Write(httpContext, StatusCodes.Status400BadRequest, ApiError.InvalidBody, $"The request could not be read ({bad.StatusCode}).");
                break;
            case var _ when IsConflict(exception):
                // Not an outage and not the client's fault: the request lost to concurrent ones on the same rows, every
                // attempt rolled back (RetryOnConflictBehavior), and sending it again is safe.
                LogConflict(exception);
                httpContext.Response.Headers.RetryAfter = "1";
                await ApiError.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
                    "The request conflicted with concurrent requests and was not applied. Please try again.");
                break;
            case NpgsqlException or TimeoutException when exception is not PostgresException { IsTransient: false }:
                LogUnavailable(exception);
                await ApiError.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
                    "The storage is not reachable. Please try again in a few seconds.");
                break;
            default:
                LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path);
                await ApiError.Write(httpContext, StatusCodes.Status500InternalServerError, "Internal server error", "An unexpected error occurred.");
                break;
        }
        return true;
    }

    /// <summary>
    /// A lost append (<see cref="StreamConflictException"/>), or a deadlock or serialization failure: PostgreSQL failed
    /// the transaction to let concurrent ones through. Either way nothing was written.
    /// </summary>
    public static bool IsConflict(Exception e) =>
        e is StreamConflictException or PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request still conflicting with concurrent ones after its retries")]
    private partial void LogConflict(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable")]
    private partial void LogUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
