using Sluice.Functions.Hosting;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Sluice.Domain;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using Sluice.Functions.Auth;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Http;

/// <summary>
/// Zaqar's request hooks, run only for routed resources and in its order, the first failure winning (§1.1):
/// pre-signed URL, authentication (as Keystone's middleware runs before Zaqar's hooks), form-encoded body, Accept,
/// Client-ID, X-Project-ID, queue name, admin policy; then 405 for a routed path with another method. Unrouted paths
/// are a bare 404 and OPTIONS lists the methods.
/// </summary>
internal sealed class RequestHooks(RequestDelegate next, Limits limits, EndpointDataSource endpoints, SchemaState schema, Authenticator authenticator)
{
    private List<(TemplateMatcher Matcher, string[] Methods)>? _routes;

    public async Task InvokeAsync(HttpContext context)
    {
        // Echo the caller's request id or make one (§1.2, "Ours"); an id a response header cannot carry is replaced.
        var requestId = context.Request.Headers["X-Openstack-Request-Id"].ToString();
        context.Response.Headers["X-Openstack-Request-Id"] = IsEchoable(requestId) ? requestId : "req-" + Guid.NewGuid().ToString("D");
        if (HasNul(context.Request.Query))
        {
            // PostgreSQL text cannot hold NUL: no parameter with one could name anything stored.
            await ApiError.Write(context, 400, ApiError.InvalidParameter, "Query parameters may not contain NUL (%00).");
            return;
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<HostInvocation>() is not null)
        {
            await next(context);
            return;
        }
        var empty = EmptySegment.Of(context.Request.Path, out var emptyIn);
        if (empty == EmptySegment.Kind.Unrouted)
        {
            await ApiError.Write(context, StatusCodes.Status404NotFound, "404 Not Found", null);
            return;
        }
        if (empty != EmptySegment.Kind.None)
        {
            if (await Refuse(context, new RouteKind(Versioned: true), empty == EmptySegment.Kind.Queue ? "" : emptyIn)) return;
            await EmptySegment.Answer(context, empty, emptyIn!, ((Caller)context.Items[typeof(Caller)]!).Tenant.Value);
            return;
        }
        var endpoint = context.GetEndpoint();
        var kind = endpoint?.Metadata.GetMetadata<RouteKind>();
        if (endpoint is RouteEndpoint { } routed && kind is not null && !LiteralsMatch(routed.RoutePattern, context.Request.Path)) kind = null;
        var allowed = kind is null ? AllowedMethods(context.Request.Path) : null;
        if (kind is null && allowed is null)
        {
            await ApiError.Write(context, StatusCodes.Status404NotFound, "404 Not Found", null);
            return;
        }
        if (HttpMethods.IsOptions(context.Request.Method) && kind is null)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed!);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        if (kind?.Versioned != false && await Refuse(context, kind, context.GetRouteValue("queue_name") as string ?? QueueSegment(context.Request.Path))) return;
        if (kind is { Versioned: true, Store: true } && !schema.Ready)
        {
            // Storage not reached yet at start-up (migrations retry in the background): like ping, a 503.
            await ApiError.Write(context, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
                "The storage is not reachable. Please try again in a few seconds.");
            return;
        }
        if (kind is null)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed!);
            await ApiError.Write(context, StatusCodes.Status405MethodNotAllowed, "405 Method Not Allowed", null);
            return;
        }
        await next(context);
    }

    private async Task<bool> Refuse(HttpContext context, RouteKind? kind, string? queue)
    {
        var request = context.Request;
        var headers = request.Headers;
        // Hook 1, pre-signed URLs (§7.5): a signed request that does not hold is a bare 404. One that holds is marked
        // (Items[typeof(SignedUrl)], its grant) and takes the place of credentials: its project is the signed
        // X-Project-ID, and it has no roles.
        Identity identity;
        if (SignedUrl.IsSigned(request))
        {
            if (context.RequestServices.GetRequiredService<SignedUrl>().Verify(request, kind?.Admin == true) is not { } grant)
            {
                await ApiError.Write(context, StatusCodes.Status404NotFound, "404 Not Found", null);
                return true;
            }
            context.Items[typeof(SignedUrl)] = grant;
            identity = SignedUrl.Identity;
        }
        else
        {
            var authentication = await authenticator.Authenticate(context);
            if (authentication is not Authentication.Accepted accepted)
            {
                await Answer(context, authentication);
                return true;
            }
            identity = accepted.Identity;
        }
        if (request.ContentLength > 0 && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            await ApiError.Write(context, 400, "Invalid Content-Type", "Form-encoded request bodies are not accepted; send JSON.");
            return true;
        }
        if (!AcceptsJson(headers.Accept.ToString()) && !(kind is { EventStream: true } && AcceptsEventStream(headers.Accept.ToString())))
        {
            context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            return true;
        }
        var clientId = headers["Client-ID"].ToString();
        if (clientId.Length == 0)
        {
            await ApiError.Write(context, 400, "Missing header value", "The \"Client-ID\" header is required.");
            return true;
        }
        if (limits.ClientIdUuidSafe ? !ClientIds.IsUuid(clientId) : clientId.Length < limits.MinLengthClientId || clientId.Length > limits.MaxLengthClientId)
        {
            if (limits.ClientIdUuidSafe) await ApiError.Write(context, 400, "Wrong UUID value", "Malformed hexadecimal UUID.");
            else await ApiError.Write(context, 400, $"Length of client id must be at least {limits.MinLengthClientId} and no greater than {limits.MaxLengthClientId}.", null);
            return true;
        }
        // The project is the credentials' when they name one (a header may repeat it, not change it), else the header's.
        string project;
        if (!headers.TryGetValue("X-Project-ID", out var projectHeader))
        {
            if (identity.Project is null)
            {
                await ApiError.Write(context, 400, "Project-Id Missing", "The header X-PROJECT-ID was missing");
                return true;
            }
            project = identity.Project;
        }
        else
        {
            project = projectHeader.ToString();
            if (project.Length == 0)
            {
                await ApiError.Write(context, 400, "Empty project header not allowed", "X-PROJECT-ID cannot be an empty string. Specify the right header X-PROJECT-ID and retry.");
                return true;
            }
            if (identity.Project is not null && !string.Equals(project, identity.Project, StringComparison.Ordinal))
            {
                await ApiError.Write(context, 403, NotAuthorized, "X-Project-ID names another project than the credentials are scoped to.");
                return true;
            }
        }
        if (queue is not null && (!QueueName.IsValid(queue) || !TenantId.IsValid(project)))
        {
            await ApiError.Write(context, 400, "Invalid queue identification", "The format of the submitted queue name or project id is not valid.");
            return true;
        }
        if (!TenantId.IsValid(project))
        {
            await ApiError.Write(context, 400, "Invalid project identification", "The project id may not be longer than 256 characters.");
            return true;
        }
        var caller = new Caller(new TenantId(project), limits.ClientIdUuidSafe ? ClientIds.Normalize(clientId)! : clientId, identity);
        if (kind?.Admin == true && !identity.IsAdmin)
        {
            await ApiError.Write(context, 403, NotAuthorized, "You are not authorized to complete this action.");
            return true;
        }
        context.Items[typeof(Caller)] = caller;
        return false;
    }

    /// <summary>A request whose credentials did not hold, as Keystone's middleware and Zaqar answer it.</summary>
    private async Task Answer(HttpContext context, Authentication refusal)
    {
        switch (refusal)
        {
            case Authentication.Refused refused:
                context.Response.Headers.WWWAuthenticate = authenticator.Challenges();
                await ApiError.Write(context, 401, "Unauthorized", refused.Description);
                break;
            case Authentication.Forbidden forbidden:
                await ApiError.Write(context, 403, NotAuthorized, forbidden.Description);
                break;
            case Authentication.Unavailable unavailable:
                context.Response.Headers.RetryAfter = "1";
                await ApiError.Write(context, 503, "Service temporarily unavailable", unavailable.Description);
                break;
        }
    }

    private const string NotAuthorized = "Not authorized";

    /// <summary>A request id of 1 to 255 visible ASCII characters: what a response header carries as sent.</summary>
    private static bool IsEchoable(string id) =>
        id.Length is > 0 and <= 255 && !id.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7e);

    private static bool HasNul(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (name.Contains('\0', StringComparison.Ordinal)) return true;
            foreach (var value in values)
            {
                if (value?.Contains('\0', StringComparison.Ordinal) == true) return true;
            }
        }
        return false;
    }

    /// <summary>The queue segment of a /v2/queues/{q}... path that routing rejected for its method.</summary>
    private static string? QueueSegment(PathString path)
    {
        if (!path.StartsWithSegments("/v2/queues", out var rest) || !rest.HasValue || rest.Value!.Length < 2) return null;
        var segment = rest.Value.AsSpan(1);
        var slash = segment.IndexOf('/');
        return Uri.UnescapeDataString((slash < 0 ? segment : segment[..slash]).ToString());
    }

    /// <summary>
    /// Paths are case-sensitive in Zaqar (§1.1) but ASP.NET matches literals ignoring case: compare them ordinally.
    /// </summary>
    private static bool LiteralsMatch(RoutePattern pattern, PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (pattern.PathSegments.Count != segments.Length) return pattern.PathSegments.Count == 0 && segments.Length == 0;
        for (var i = 0; i < segments.Length; i++)
        {
            var parts = pattern.PathSegments[i].Parts;
            if (parts is [RoutePatternLiteralPart literal] && !string.Equals(literal.Content, segments[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>Whether the Accept header names text/event-stream (event streams serve Server-Sent Events then).</summary>
    public static bool AcceptsEventStream(string accept) =>
        accept.Split(',').Any(part => part.Split(';')[0].Trim().Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));

    private static bool AcceptsJson(string accept)
    {
        if (accept.Length == 0) return true;
        foreach (var part in accept.Split(','))
        {
            var media = part.Split(';')[0].Trim();
            if (media is "*/*" or "application/*" or "application/json") return true;
        }
        return false;
    }

    /// <summary>The methods mapped on the route this path matches, or null when no route matches it.</summary>
    private string[]? AllowedMethods(PathString path)
    {
        _routes ??= [.. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteKind>() is not null)
            .GroupBy(e => e.RoutePattern.RawText)
            .Select(g => (new TemplateMatcher(TemplateParser.Parse(g.Key!), []),
                g.SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Distinct().Order(StringComparer.Ordinal).ToArray()))];
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (matcher, allowed) in _routes)
        {
            if (matcher.TryMatch(path, []) && LiteralsMatch(matcher.Template.ToRoutePattern(), path)) methods.UnionWith(allowed);
        }
        if (methods.Count == 0) return null;
        methods.Add("OPTIONS");
        return [.. methods];
    }
}
