using Sluice.Functions.Hosting;
using Mediator;
using Sluice.Domain.Health;
using Sluice.Functions.Http;

namespace Sluice.Functions.Endpoints;

/// <summary>Versions, the home document, ping and health (contract §3).</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        // An empty function route does not bind the site root reliably; a route matching only an empty segment does.
        routes.MapGet("/", Versions).WithMetadata(new RouteKind(Versioned: false), new HttpFunction("root", "{root:maxlength(0)?}"));
        var v2 = routes.MapGroup("/v2").WithMetadata(new RouteKind(Versioned: true), new HttpFunction("home", "v2"));
        v2.MapGet("/", Home);
        var ping = routes.MapGroup("/v2").WithMetadata(new RouteKind(Versioned: true, Store: false), new HttpFunction("ping", "v2/ping"));
        ping.MapGet("/ping", Ping);
        ping.MapMethods("/ping", [HttpMethods.Head], () => TypedResults.NoContent());
        routes.MapGroup("/v2").WithMetadata(new RouteKind(Versioned: true, Admin: true), new HttpFunction("health", "v2/health"))
            .MapGet("/health", HealthCheck.Run);
    }

    private static JsonResult<int> Versions() => Json.Status(StatusCodes.Status300MultipleChoices, 0, static (w, _) =>
    {
        w.WriteStartObject();
        w.WriteStartArray("versions");
        w.WriteStartObject();
        w.WriteString("id", "2");
        w.WriteString("status", "CURRENT");
        w.WriteString("updated", "2014-9-24T04:06:47Z");
        w.WriteStartArray("media-types");
        w.WriteStartObject();
        w.WriteString("base", "application/json");
        w.WriteString("type", "application/vnd.openstack.messaging-v2+json");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("links");
        w.WriteStartObject();
        w.WriteString("href", "/v2/");
        w.WriteString("rel", "self");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>GET /v2/ is the home document (/v2 without the slash is refused as unrouted by the hooks).</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Home(HttpContext context)
    {
        context.Response.Headers.CacheControl = "max-age=86400";
        return TypedResults.Text(HomeDocument.Json, "application/json-home", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> Ping(IMediator mediator, CancellationToken ct) =>
        await mediator.Send(new PingQuery(), ct) ? TypedResults.NoContent() : TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
}
