using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Domain;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Hosting;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>functions/openapi.json describes the extensions: it must name only routes and methods the app serves, and
/// the bounds it documents must be the service's defaults.</summary>
public sealed class OpenApiDescriptionTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private static readonly JsonNode Document = JsonNode.Parse(File.ReadAllText(Repository.PathOf("functions", "openapi.json")))!;

    [Fact]
    public void Every_documented_operation_is_served()
    {
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Method: m)))
            .ToHashSet();
        var documented = Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key.ToUpperInvariant()))).ToList();
        Assert.NotEmpty(documented);
        foreach (var operation in documented) Assert.Contains(operation, served);
    }

    [Fact]
    public void The_documented_wait_bound_is_the_default_maximum()
    {
        var wait = Document["components"]!["parameters"]!["wait"]!["schema"]!;
        Assert.Equal(new Limits().MaxWait, (int)wait["maximum"]!);
        Assert.Equal(0, (int)wait["minimum"]!);
    }
}
