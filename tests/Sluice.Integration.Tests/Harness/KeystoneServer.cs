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
    public static string Url { get; } = Setting("SLUICE_TEST_KEYSTONE", "http://127.0.0.1:35360/v3").TrimEnd('/');

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
