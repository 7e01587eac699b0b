namespace Sluice.Functions.Auth;

/// <summary>
/// Who a request comes from, whichever mode said so: the project its credentials are scoped to (null when the
/// X-Project-ID header names it: anonymous and signed requests), its roles and the principal (user or subject).
/// </summary>
internal sealed record Identity(string? Project, IReadOnlyList<string> Roles, string Principal)
{
    public bool IsAdmin => Roles.Contains("admin", StringComparer.Ordinal);
}

/// <summary>What authenticating a request came to; every mode answers with one of these.</summary>
internal abstract record Authentication
{
    /// <summary>The credentials hold: <see cref="Identity"/> is the caller.</summary>
    public sealed record Accepted(Identity Identity) : Authentication;

    /// <summary>No credentials, or credentials that do not hold: 401.</summary>
    public sealed record Refused(string Description) : Authentication;

    /// <summary>Valid credentials that grant nothing here (a token without a project): 403.</summary>
    public sealed record Forbidden(string Description) : Authentication;

    /// <summary>The identity service could not be asked: 503, never a pass.</summary>
    public sealed record Unavailable(string Description) : Authentication;
}
