using System.Net;
using Sluice.Functions.Auth;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// Mode none takes any caller at its headers' word, so it is served on loopback only: the service refuses to start
/// on another address, with one line saying why, and a mode it does not know stops it the same way.
/// </summary>
public sealed class AnonymousModeTests
{
    private static Dictionary<string, string> Settings(string mode) => new()
    {
        ["Sluice__Postgres"] = TestDatabase.ConnectionString,
        ["Sluice__Schema"] = "anonymous_mode_refused",
        ["Sluice__Auth__Mode"] = mode,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Theory]
    [InlineData("none")]
    [InlineData("none,jwt")]
    public async Task Given_mode_none_When_the_service_listens_on_every_address_Then_it_refuses_to_start_saying_why(string mode)
    {
        var settings = Settings(mode);
        settings["Sluice__Auth__Jwt__Authority"] = "https://login.example.test/tenant/v2.0";
        settings["Sluice__Auth__Jwt__Audience"] = "api://sluice";
        var (exitCode, output) = await ServiceProcess.RunUntilExit(["--urls", $"http://0.0.0.0:{ServiceProcess.FreePort()}"], settings);
        Assert.Equal(1, exitCode);
        Assert.Contains("Refusing to serve: Sluice__Auth__Mode includes none, which serves anyone as any tenant, on loopback addresses only", output);
    }

    [Fact]
    public async Task Given_a_mode_it_does_not_know_or_one_missing_its_settings_When_started_Then_it_stops_with_one_line()
    {
        var (exitCode, output) = await ServiceProcess.RunUntilExit([], Settings("ldap"));
        Assert.Equal(1, exitCode);
        Assert.Equal("sluice: Sluice__Auth__Mode names 'ldap': the modes are none, keystone and jwt.", output.Trim());
        (exitCode, output) = await ServiceProcess.RunUntilExit([], Settings("jwt"));
        Assert.Equal(1, exitCode);
        Assert.Equal("sluice: Sluice__Auth__Jwt__Authority is required in jwt mode (an absolute https address).", output.Trim());
        var plainHttp = Settings("jwt");
        plainHttp["Sluice__Auth__Jwt__Authority"] = "http://login.example.test/tenant/v2.0";
        plainHttp["Sluice__Auth__Jwt__Audience"] = "api://sluice";
        (exitCode, output) = await ServiceProcess.RunUntilExit([], plainHttp);
        Assert.Equal(1, exitCode);
        Assert.Equal("sluice: Sluice__Auth__Jwt__Authority is required in jwt mode (an absolute https address).", output.Trim());
    }

    [Fact]
    public async Task Given_mode_none_When_run_under_the_Functions_host_without_saying_the_host_is_private_Then_it_stops_with_one_line()
    {
        var settings = Settings("none");
        settings["FUNCTIONS_CUSTOMHANDLER_PORT"] = ServiceProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, output) = await ServiceProcess.RunUntilExit([], settings);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("sluice: Sluice__Auth__Mode includes none, which serves anyone as any tenant, under the Functions host", output.Trim());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", null)]
    [InlineData("http://[::1]:8080", null)]
    [InlineData("http://localhost:8080", null)]
    [InlineData("http://0.0.0.0:8080", "0.0.0.0")]
    [InlineData("http://[::]:8080", "[::]")]
    [InlineData("http://+:8080", "+")]
    [InlineData("http://10.1.2.3:8080", "10.1.2.3")]
    public void Given_an_address_When_checked_for_mode_none_Then_only_loopback_passes(string address, string? refused)
    {
        var reason = AnonymousGuard.Refusal([address], azureInstance: null);
        if (refused is null) Assert.Null(reason);
        else Assert.Contains(address, reason);
    }

    [Fact]
    public void Given_an_Azure_deployment_When_mode_none_Then_it_is_refused_even_behind_the_loopback_of_the_Functions_host()
    {
        Assert.Contains("Azure deployment", AnonymousGuard.Refusal(["http://127.0.0.1:7071"], azureInstance: "abc123"));
    }

    [Fact]
    public async Task Given_mode_jwt_When_the_service_listens_on_every_address_Then_it_serves_and_asks_for_a_token()
    {
        var settings = Settings("jwt");
        settings["Sluice__Auth__Jwt__Authority"] = "https://login.example.test/tenant/v2.0";
        settings["Sluice__Auth__Jwt__Audience"] = "api://sluice";
        using var service = await ServiceProcess.Start(ServiceProcess.FreePort(), "anonymous_mode_refused", settings,
            host: "0.0.0.0", probe: "/v2/queues", ready: status => status == HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    public async Task Given_mode_none_When_a_request_was_forwarded_by_a_proxy_Then_401_for_the_proxy_may_face_anyone(string header, string value)
    {
        var app = new SluiceApp();
        await app.InitializeAsync();
        try
        {
            using var api = app.Api();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/queues");
            request.Headers.Add(header, value);
            var reply = await api.Send(request);
            Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
            Assert.Equal("Unauthorized", reply.Json!["title"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await api.Get("/v2/queues")).Status);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
