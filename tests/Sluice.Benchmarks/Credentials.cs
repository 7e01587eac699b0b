namespace Sluice.Benchmarks;

/// <summary>
/// What a client of a service in a token mode sends: the token in its header, and the project the token is scoped to,
/// which the client names in <c>X-Project-ID</c> (a token mode accepts the header when it repeats the token's project).
/// </summary>
internal sealed record Credentials(string Header, string Value, string Project)
{
    public static Credentials Keystone(string token, string projectId) => new("X-Auth-Token", token, projectId);

    public static Credentials Bearer(string token, string project) => new("Authorization", "Bearer " + token, project);
}
