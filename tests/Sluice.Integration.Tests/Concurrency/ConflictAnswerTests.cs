using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sluice.Domain.Ports;
using Sluice.Functions.Http;

namespace Sluice.Integration.Tests.Concurrency;

/// <summary>
/// What a request that still conflicts after its retries is told. With every lock taken in one order (README "Lock
/// order") no deadlock can be provoked through the API any more, so the errors PostgreSQL raises are handed to the
/// service's exception handler as they arrive from Npgsql.
/// </summary>
public sealed class ConflictAnswerTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    public async Task Given_a_deadlock_or_serialization_failure_left_after_the_retries_When_answered_Then_it_is_a_503_that_says_the_request_conflicted(string sqlState)
    {
        var (status, retryAfter, body) = await Answer(new PostgresException("deadlock detected", "ERROR", "ERROR", sqlState));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("1", retryAfter);
        Assert.Contains("conflicted with concurrent requests", body, StringComparison.Ordinal);
        Assert.DoesNotContain("not reachable", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_append_that_lost_every_attempt_When_answered_Then_it_is_the_same_conflict_not_a_500()
    {
        var (status, _, body) = await Answer(new ConcurrentCreationException("Append conflict on queues."));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Contains("conflicted with concurrent requests", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_storage_failure_When_answered_Then_it_is_still_the_outage_answer()
    {
        var (status, retryAfter, body) = await Answer(new PostgresException("terminating connection", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Null(retryAfter);
        Assert.Contains("The storage is not reachable", body, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string? RetryAfter, string Body)> Answer(Exception exception)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await using var dataSource = NpgsqlDataSource.Create(Harness.TestDatabase.ConnectionString);
        var outage = new Sluice.Infra.Diagnostics.StorageOutage(dataSource, NullLogger<Sluice.Infra.Diagnostics.StorageOutage>.Instance);
        Assert.True(await new ErrorHandling(outage, NullLogger<ErrorHandling>.Instance).TryHandleAsync(context, exception, CancellationToken.None));
        await context.Response.BodyWriter.FlushAsync();
        var retryAfter = context.Response.Headers.RetryAfter;
        return (context.Response.StatusCode, retryAfter.Count == 0 ? null : retryAfter.ToString(), Encoding.UTF8.GetString(body.ToArray()));
    }
}
