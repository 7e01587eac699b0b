using System.Net;
using Azure.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Health;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Pools;

/// <summary>
/// Pools when the service signs in to PostgreSQL with its managed identity: the identity's token goes only to Azure's
/// servers over TLS that checks their name, and a pool URI with its own password signs in with that.
/// </summary>
public sealed class EntraIdPoolTests(EntraIdPoolTests.App app) : IClassFixture<EntraIdPoolTests.App>
{
    public sealed class App : PooledApp
    {
        private readonly RecordingCredential _credential = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Sluice:PostgresAuthentication"] = "EntraId",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TokenCredential>(_credential));
        }
    }

    [Theory]
    [InlineData("postgresql://sluice@127.0.0.1:5432/sluice", "a pool's host ends with .postgres.database.azure.com")]
    [InlineData("postgresql://sluice@pool.postgres.database.azure.com/sluice?sslmode=require", "a pool's URI says sslmode=verify-full")]
    public async Task Given_a_uri_without_password_the_token_may_not_go_to_When_put_pool_Then_400_before_connecting(string uri, string why)
    {
        using var admin = app.Admin();
        var reply = await admin.Put("/v2/pools/token", $$"""{"uri":"{{uri}}","weight":1}""");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body");
        Assert.EndsWith(why + ")", reply.Description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/pools/token")).Status);
    }

    [Fact]
    public async Task Given_a_uri_with_its_own_password_When_put_pool_Then_it_signs_in_with_it_and_is_registered()
    {
        using var admin = app.Admin();
        var withPassword = TestPools.C.Replace("sluice@", "sluice:own-password@", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/own", $$"""{"uri":"{{withPassword}}","weight":1}""")).Status);
    }
}
