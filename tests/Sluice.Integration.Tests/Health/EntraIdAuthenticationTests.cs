using System.Collections.Concurrent;
using System.Net;
using Azure.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Postgres;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests;

namespace Sluice.Integration.Tests.Health;

/// <summary>
/// A token source standing in for Azure's managed-identity endpoint, which does not exist here: it hands out a token
/// and records what it was asked for. (The test PostgreSQL trusts loopback, so it cannot check the token itself.)
/// </summary>
public sealed class RecordingCredential : TokenCredential
{
    public ConcurrentQueue<string[]> Requests { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Requests.Enqueue(requestContext.Scopes);
        return new AccessToken("entra-token-" + Requests.Count, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>The service with the recording credential as its identity, authenticating by connection string.</summary>
public class ConnectionStringApp : SluiceApp
{
    public RecordingCredential Credential { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TokenCredential>(Credential));
    }
}

/// <summary>The same, authenticating with Entra ID tokens.</summary>
public sealed class EntraIdApp : ConnectionStringApp
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Sluice:PostgresAuthentication"] = "EntraId" };
}

/// <summary>With Entra ID authentication every connection's password is a token for the PostgreSQL resource.</summary>
public sealed class EntraIdAuthenticationTests(EntraIdApp app) : IClassFixture<EntraIdApp>
{
    [Fact]
    public async Task The_service_connects_with_a_token_for_the_postgresql_resource()
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.Created, (await api.Put($"/v2/queues/{MessageWire.NewQueue()}", null)).Status);
        Assert.NotEmpty(app.Credential.Requests);
        Assert.All(app.Credential.Requests, scopes => Assert.Equal([EntraIdPasswords.Scope], scopes));
    }
}

/// <summary>By default the connection string alone authenticates: no token is asked for.</summary>
public sealed class ConnectionStringAuthenticationTests(ConnectionStringApp app) : IClassFixture<ConnectionStringApp>
{
    [Fact]
    public async Task No_token_is_requested()
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.Created, (await api.Put($"/v2/queues/{MessageWire.NewQueue()}", null)).Status);
        Assert.Empty(app.Credential.Requests);
    }
}
