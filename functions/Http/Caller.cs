using System.Reflection;
using Sluice.Domain.Tenancy;
using Sluice.Functions.Auth;

namespace Sluice.Functions.Http;

/// <summary>
/// Who is calling: the tenant (the credentials' project, or X-Project-ID where they name none), the Client-ID and the
/// identity that authenticated it, all established by <see cref="RequestHooks"/>.
/// </summary>
internal sealed record Caller(TenantId Tenant, string ClientId, Identity Identity)
{
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Items[typeof(Caller)] as Caller);
}

/// <summary>
/// Marks a routed Sluice endpoint: versioned ones run the header hooks, admin ones need the admin role, those
/// that use the store answer 503 until it has been reached, and event streams may also be asked for as
/// text/event-stream.
/// </summary>
internal sealed record RouteKind(bool Versioned, bool Admin = false, bool Store = true, bool EventStream = false);
