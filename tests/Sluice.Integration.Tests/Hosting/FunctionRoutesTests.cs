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
/// The generated HTTP functions against the app's endpoints. The host routes requests to functions with ASP.NET
/// Core routing, so the function routes are mapped into a routing-only app: each endpoint, at a sample path, must
/// reach exactly one function (two would be ambiguous), every function must receive some endpoint, and the timer
/// invocation paths must reach none.
/// </summary>
public sealed class FunctionRoutesTests(SluiceApp app) : IClassFixture<SluiceApp>, IAsyncLifetime
{
    private WebApplication? _router;
    private HttpClient? _client;

    private IReadOnlyList<HttpFunction> Functions => FunctionCatalog.HttpFunctions(Endpoints);

    private IEnumerable<RouteEndpoint> Endpoints => app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        _router = builder.Build();
        foreach (var function in Functions)
        {
            _router.MapMethods("/" + function.Route, [.. FunctionCatalog.Methods.Select(m => m.ToUpperInvariant())], () => function.Name);
        }
        await _router.StartAsync();
        _client = _router.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_router is not null) await _router.DisposeAsync();
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
                using var reply = await _client!.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                Assert.True(reply.StatusCode == HttpStatusCode.OK, $"{method} {path} ({endpoint.DisplayName}) reaches no single function: {(int)reply.StatusCode}");
                var function = await reply.Content.ReadAsStringAsync();
                Assert.Equal(endpoint.Metadata.GetMetadata<HttpFunction>()!.Name, function);
                used.Add(function);
            }
        }
        Assert.Equal(Functions.Select(f => f.Name).Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Timer_invocation_paths_reach_no_public_function()
    {
        foreach (var job in BackgroundJobs.All(new SluiceOptions()))
        {
            using var reply = await _client!.PostAsync("/" + job.Name, new StringContent("{}"));
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
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
