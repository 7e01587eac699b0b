using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// The real Keystone (identity v3) that test.sh starts on loopback, with the users scripts/keystone.sh makes. An
/// unreachable Keystone fails the test loudly; nothing is skipped.
/// </summary>
public static class KeystoneServer
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The v3 root, without a trailing slash: http://127.0.0.1:PORT/v3.</summary>
    public static string Url { get; } = Setting("SLUICE_TEST_KEYSTONE", "http://127.0.0.1:15360/v3").TrimEnd('/');

    public const string Domain = "Default";

    private static readonly string Password = Setting("SLUICE_TEST_KEYSTONE_PASSWORD", "sluice-test-password");

    /// <summary>The bootstrap admin: role admin in project admin.</summary>
    public static KeystoneUser Admin { get; } =
        new("admin", "admin", Setting("SLUICE_TEST_KEYSTONE_ADMIN_PASSWORD", "sluice-test-admin-password"));

    /// <summary>Sluice's own user: role service in project service, which lets it validate others' tokens.</summary>
    public static KeystoneUser Service { get; } = new("sluice", "service", Password);

    public static KeystoneUser AlphaMember { get; } = new("alpha-member", "alpha", Password);

    public static KeystoneUser BetaMember { get; } = new("beta-member", "beta", Password);

    public static KeystoneUser AlphaAdmin { get; } = new("alpha-admin", "alpha", Password);

    /// <summary>Role member on domain Default and in no project: password auth gives it an unscoped token.</summary>
    public static KeystoneUser DomainMember { get; } = new("domain-member", null, Password);

    /// <summary>Password auth (POST /v3/auth/tokens), scoped to the user's project; the token and its body.</summary>
    public static async Task<(string Token, JsonNode Body)> IssueToken(KeystoneUser user)
    {
        var domain = new JsonObject { ["name"] = Domain };
        var auth = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject { ["name"] = user.Name, ["domain"] = domain.DeepClone(), ["password"] = user.Password },
                },
            },
        };
        if (user.Project is not null) auth["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = user.Project, ["domain"] = domain } };
        using var content = new StringContent(new JsonObject { ["auth"] = auth }.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(Url + "/auth/tokens"), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Keystone at {Url} refused a token to {user.Name}: {(int)response.StatusCode} {text}");
        return (response.Headers.GetValues("X-Subject-Token").Single(), JsonNode.Parse(text)!);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Project, bool Admin), Task<(string ProjectId, string Token)>> ProjectTokens = new();

    /// <summary>
    /// A token scoped to the project named <paramref name="project"/>, made on first use (projects of any name, so that
    /// each test has tenants of its own): alpha-member with role member there, or alpha-admin with role admin.
    /// </summary>
    public static Task<(string ProjectId, string Token)> ProjectToken(string project, bool admin) =>
        ProjectTokens.GetOrAdd((project, admin), key => MakeProjectToken(key.Project, key.Admin)); // a race makes it twice: a conflict finds it

    private static async Task<(string ProjectId, string Token)> MakeProjectToken(string project, bool admin)
    {
        var (adminToken, _) = await IssueToken(Admin);
        var projectId = await AdminCall(adminToken, HttpMethod.Post, "/projects", new JsonObject
        {
            ["project"] = new JsonObject { ["name"] = project, ["domain_id"] = "default" },
        }) is { } created && created["project"]?["id"] is { } id
            ? id.GetValue<string>()
            : (await AdminCall(adminToken, HttpMethod.Get, $"/projects?name={Uri.EscapeDataString(project)}"))!["projects"]![0]!["id"]!.GetValue<string>();
        var user = admin ? AlphaAdmin : AlphaMember;
        var userId = (await AdminCall(adminToken, HttpMethod.Get, $"/users?name={user.Name}"))!["users"]![0]!["id"]!.GetValue<string>();
        var roleId = (await AdminCall(adminToken, HttpMethod.Get, $"/roles?name={(admin ? "admin" : "member")}"))!["roles"]![0]!["id"]!.GetValue<string>();
        await AdminCall(adminToken, HttpMethod.Put, $"/projects/{projectId}/users/{userId}/roles/{roleId}");
        var (token, _) = await IssueToken(user with { Project = project });
        return (projectId, token);
    }

    /// <summary>An admin API call; its JSON answer (null when empty or a conflict: the thing exists).</summary>
    private static async Task<JsonNode?> AdminCall(string adminToken, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Url + path));
        request.Headers.Add("X-Auth-Token", adminToken);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.Conflict) return null;
        Assert.True(response.IsSuccessStatusCode, $"Keystone refused {method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>GET /v3/auth/tokens: <paramref name="token"/> validated with <paramref name="serviceToken"/>.</summary>
    public static Task<(HttpStatusCode Status, JsonNode? Body)> ValidateToken(string serviceToken, string token) =>
        OnToken(HttpMethod.Get, serviceToken, token);

    /// <summary>DELETE /v3/auth/tokens: revokes <paramref name="token"/>; a token may revoke itself.</summary>
    public static async Task<HttpStatusCode> RevokeToken(string authToken, string token) =>
        (await OnToken(HttpMethod.Delete, authToken, token)).Status;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> OnToken(HttpMethod method, string authToken, string token)
    {
        using var request = new HttpRequestMessage(method, new Uri(Url + "/auth/tokens"));
        request.Headers.Add("X-Auth-Token", authToken);
        request.Headers.Add("X-Subject-Token", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static string Setting(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
