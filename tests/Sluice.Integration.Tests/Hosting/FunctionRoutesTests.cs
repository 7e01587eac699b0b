using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Functions.Hosting;
using Sluice.Functions.Jobs;
using Sluice.Infra;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>
/// The generated HTTP functions against the app's endpoints. The host matches function routes with ASP.NET Core
/// routing, so each function's route is mapped alone into a routing-only app: each endpoint, at a sample path, must
/// match exactly one function (two would leave the choice to route precedence), every function must receive some
/// endpoint, and the timer invocation paths must match none. The app has pooling on, so its pool and flavor routes
/// are among the endpoints (the package has their functions whatever the setting).
/// </summary>
public sealed class FunctionRoutesTests(PooledApp app) : IClassFixture<PooledApp>, IAsyncLifetime
{
    private readonly List<(string Name, WebApplication Router, HttpClient Client)> _routers = [];

    private IReadOnlyList<HttpFunction> Functions => FunctionCatalog.HttpFunctions(Endpoints);

    private IEnumerable<RouteEndpoint> Endpoints => app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    public async Task InitializeAsync()
    {
        foreach (var function in Functions)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            var router = builder.Build();
            router.MapMethods("/" + function.Route, [.. FunctionCatalog.Methods.Select(m => m.ToUpperInvariant())], () => function.Name);
            await router.StartAsync();
            _routers.Add((function.Name, router, router.GetTestClient()));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, router, client) in _routers)
        {
            client.Dispose();
            await router.DisposeAsync();
        }
    }

    /// <summary>The functions whose route matches the request.</summary>
    private async Task<List<string>> Matching(HttpMethod method, string path)
    {
        var matching = new List<string>();
        foreach (var (name, _, client) in _routers)
        {
            using var reply = await client.SendAsync(new HttpRequestMessage(method, path));
            if (reply.StatusCode == HttpStatusCode.OK) matching.Add(name);
        }
        return matching;
    }

    [Fact]
    public async Task Every_endpoint_reaches_exactly_one_function_and_every_function_gets_an_endpoint()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var endpoints = Endpoints.Where(e => e.Metadata.GetMetadata<HostInvocation>() is null).ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            Assert.NotNull(endpoint.Metadata.GetMetadata<HttpFunction>());
            var path = Sample(endpoint.RoutePattern);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                var matching = await Matching(new HttpMethod(method), path);
                Assert.True(matching.Count == 1, $"{method} {path} ({endpoint.DisplayName}) matches {matching.Count} functions: {string.Join(", ", matching)}");
                Assert.Equal(endpoint.Metadata.GetMetadata<HttpFunction>()!.Name, matching[0]);
                used.Add(matching[0]);
            }
        }
        Assert.Equal(Functions.Select(f => f.Name).Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Timer_invocation_paths_reach_no_public_function()
    {
        foreach (var job in BackgroundJobs.All(new SluiceOptions()))
        {
            Assert.Empty(await Matching(HttpMethod.Post, "/" + job.Name));
        }
    }

    [Fact]
    public void Function_names_are_lowercase_folder_names_and_no_route_starts_with_admin()
    {
        foreach (var function in Functions)
        {
            Assert.Matches("^[a-z][a-z0-9-]*$", function.Name);
            Assert.False(function.Route.StartsWith("admin", StringComparison.Ordinal), function.Route);
            Assert.False(function.Route.StartsWith('/'), function.Route);
        }
    }

    /// <summary>A concrete path the pattern matches: every parameter gets a plain value.</summary>
    private static string Sample(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "sample-" + parameter.Name.Replace('_', '-'),
            _ => "",
        })));
        var path = "/" + string.Join('/', segments);
        return pattern.RawText?.EndsWith('/') == true && path != "/" ? path + "/" : path;
    }
}
