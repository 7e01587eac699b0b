using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// Every route the service maps, read from its routing (a new route is covered without editing this test), under each
/// auth mode: without an identity it is refused and an admin route without the admin role is forbidden, in the error
/// format. Each subclass is a mode.
/// </summary>
public abstract class EveryRouteTests<TApp>(TApp app)
    where TApp : SluiceApp
{
    protected TApp App => app;

    /// <summary>What a request without any identity gets in this mode (and the title it carries).</summary>
    protected abstract (HttpStatusCode Status, string Title) Unidentified { get; }

    [Fact]
    public async Task Given_every_route_When_called_without_an_identity_Then_refused() =>
        Assert.True(await Check(admin: false, Unidentified, (headers, project) =>
        {
            if (Unidentified.Status == HttpStatusCode.Unauthorized) headers.Add("X-Project-ID", project);
        }) > 20);

    [Fact]
    public async Task Given_every_admin_route_When_the_identity_lacks_the_admin_role_Then_403() =>
        Assert.True(await Check(admin: true, (HttpStatusCode.Forbidden, "Not authorized"), (headers, project) =>
        {
            headers.Add("X-Project-ID", app.Authenticate(headers, project, "member"));
        }) > 0);

    /// <summary>Sends every (admin) route+method with <paramref name="identify"/>'s headers; the number of requests checked.</summary>
    protected async Task<int> Check(bool admin, (HttpStatusCode Status, string Title) expected, Action<System.Net.Http.Headers.HttpRequestHeaders, string> identify)
    {
        using var client = app.Raw();
        var checkedRequests = 0;
        foreach (var (template, methods, isAdmin) in Routes())
        {
            if (admin && !isAdmin) continue;
            // A trailing slash of a group's route is not in the path it serves, except the home document's "/v2/".
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(template.TrimStart('/'), "{[^}]*}", "x1");
            if (path != "/v2/") path = path.TrimEnd('/');
            foreach (var method in methods.Where(m => m is not ("OPTIONS" or "HEAD")))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                request.Headers.Add("Client-ID", Guid.NewGuid().ToString());
                identify(request.Headers, "p" + Guid.NewGuid().ToString("N")[..10]);
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(expected.Status == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
                Assert.Equal(expected.Title, System.Text.Json.Nodes.JsonNode.Parse(body)!["title"]!.GetValue<string>());
                checkedRequests++;
            }
        }
        return checkedRequests;
    }

    private IEnumerable<(string Template, string[] Methods, bool Admin)> Routes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteKind>() is { Versioned: true } && e.Metadata.GetMetadata<HostInvocation>() is null)
            .GroupBy(e => e.RoutePattern.RawText!)
            .Select(g => (g.Key, g.SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Distinct().ToArray(),
                g.Any(e => e.Metadata.GetMetadata<RouteKind>()!.Admin)));
}

/// <summary>The token modes: credentials name a project, which X-Project-ID may repeat but not change.</summary>
public abstract class TokenEveryRouteTests<TApp>(TApp app) : EveryRouteTests<TApp>(app)
    where TApp : SluiceApp
{
    protected override (HttpStatusCode, string) Unidentified => (HttpStatusCode.Unauthorized, "Unauthorized");

    [Fact]
    public async Task Given_every_route_When_the_header_names_another_project_than_the_credentials_Then_403() =>
        Assert.True(await Check(admin: false, (HttpStatusCode.Forbidden, "Not authorized"), (headers, project) =>
        {
            headers.Add("X-Project-ID", App.Authenticate(headers, project, "admin") + "-other");
        }) > 20);
}

/// <summary>Mode none: no X-Project-ID is no identity (400), and admin needs X-Roles: admin.</summary>
public sealed class AnonymousEveryRouteTests(SluiceApp app) : EveryRouteTests<SluiceApp>(app), IClassFixture<SluiceApp>
{
    protected override (HttpStatusCode, string) Unidentified => (HttpStatusCode.BadRequest, "Project-Id Missing");
}

/// <summary>Mode jwt.</summary>
public sealed class JwtEveryRouteTests(JwtApp app) : TokenEveryRouteTests<JwtApp>(app), IClassFixture<JwtApp>;

/// <summary>Mode keystone, against the real Keystone.</summary>
public sealed class KeystoneEveryRouteTests(KeystoneApp app) : TokenEveryRouteTests<KeystoneApp>(app), IClassFixture<KeystoneApp>;
