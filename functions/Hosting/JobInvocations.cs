using System.Text.Json;
using Mediator;
using Sluice.Functions.Http;
using Sluice.Functions.Jobs;
using Sluice.Infra.Diagnostics;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Hosting;

/// <summary>
/// Serverless only: the Functions host invokes a timer function by posting its payload to <c>/{name}</c>. The answer
/// is always a JSON object <c>{"Outputs", "Logs", "ReturnValue"}</c> (a null body would hang the invocation until the
/// function timeout); 500 marks a failed run. No public route reaches these paths, and a request that the host
/// passed through from a client (it carries X-Forwarded-For) is refused as unknown.
/// </summary>
internal static partial class JobInvocations
{
    public static void MapJobInvocations(this IEndpointRouteBuilder routes, IReadOnlyList<BackgroundJob> jobs)
    {
        foreach (var job in jobs)
        {
            routes.MapPost("/" + job.Name, (HttpContext context, IMediator mediator, SchemaState schema, ILoggerFactory loggers) =>
                    Invoke(job, context, mediator, schema, loggers.CreateLogger(typeof(JobInvocations))))
                .WithMetadata(new HostInvocation());
        }
    }

    private static async Task Invoke(BackgroundJob job, HttpContext context, IMediator mediator, SchemaState schema, ILogger logger)
    {
        if (context.Request.Headers.ContainsKey("X-Forwarded-For"))
        {
            await ApiError.Write(context, StatusCodes.Status404NotFound, "404 Not Found", null);
            return;
        }
        string log;
        try
        {
            // Before the schema is made (a cold start) there is nothing to tidy: a success, not a failed invocation.
            log = schema.Ready ? $"{job.Name}: {await job.Run(mediator, context.RequestAborted)}" : $"{job.Name}: skipped, the schema is not ready";
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!context.RequestServices.GetRequiredService<StorageOutage>().Absorb(e, "timer function " + job.Name)) LogFailed(logger, job.Name, e);
            log = $"{job.Name} failed: {e.GetType().Name}";
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("Outputs");
        writer.WriteEndObject();
        writer.WriteStartArray("Logs");
        writer.WriteStringValue(log);
        writer.WriteEndArray();
        writer.WriteNull("ReturnValue");
        writer.WriteEndObject();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Job} failed")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
