using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Benchmarks;

/// <summary>
/// Password authentication against the Keystone ./bench.sh starts (scripts/keystone.sh provisions its users, all in
/// domain Default with the password in <c>SLUICE_BENCH_KEYSTONE_PASSWORD</c>): a token of <c>alpha-member</c> scoped to
/// project alpha for the load, and the service's own user, <c>sluice</c> in project service.
/// </summary>
internal static class KeystoneLogin
{
    public const string ServiceUser = "sluice";
    public const string ServiceProject = "service";
    private const string MemberUser = "alpha-member";
    private const string MemberProject = "alpha";

    public static string? Password => Environment.GetEnvironmentVariable("SLUICE_BENCH_KEYSTONE_PASSWORD") is { Length: > 0 } p ? p : null;

    /// <summary>The member's token as credentials (its project id in X-Project-ID), or why there is none.</summary>
    public static async Task<(Credentials? Credentials, string? Missing)> MemberToken(string url, CancellationToken ct)
    {
        if (Password is not { } password) return (null, "SLUICE_BENCH_KEYSTONE_PASSWORD is not set");
        var v3 = url.TrimEnd('/') is var u && u.EndsWith("/v3", StringComparison.Ordinal) ? u : u + "/v3";
        var domain = new JsonObject { ["name"] = "Default" };
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject { ["name"] = MemberUser, ["domain"] = domain.DeepClone(), ["password"] = password },
                    },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = MemberProject, ["domain"] = domain } },
            },
        };
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(v3 + "/auth/tokens"), content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.Created || !response.Headers.TryGetValues("X-Subject-Token", out var tokens))
            {
                return (null, $"Keystone at {v3} refused a token to {MemberUser}: HTTP {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }
            var projectId = JsonNode.Parse(text)?["token"]?["project"]?["id"]?.GetValue<string>();
            if (projectId is null) return (null, $"Keystone at {v3} gave {MemberUser} a token without a project");
            return (Credentials.Keystone(tokens.First(), projectId), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
        {
            return (null, $"Keystone at {v3} could not be asked for a token: {e.Message}");
        }
    }
}
