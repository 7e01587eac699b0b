using Mediator;
using Sluice.Domain.Health;
using Sluice.Functions.Endpoints;
using Sluice.Functions.Http;
using Sluice.Functions.Triggers;
using Sluice.Infra;

var builder = WebApplication.CreateSlimBuilder(args);
var options = builder.Configuration.GetSection("Sluice").Get<SluiceOptions>() ?? new SluiceOptions();

// Under the Functions host the port arrives in FUNCTIONS_CUSTOMHANDLER_PORT; standalone the default is loopback:8080.
if (builder.Configuration["urls"] is null)
{
    var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT");
    builder.WebHost.UseUrls($"http://127.0.0.1:{(string.IsNullOrEmpty(port) ? "8080" : port)}");
}

builder.Services.AddSluiceInfra(options);
builder.Services.AddMediator((MediatorOptions o) =>
{
    o.ServiceLifetime = ServiceLifetime.Singleton;
    o.Assemblies = [typeof(PingQuery)];
    o.PipelineBehaviors = [typeof(RetryOnConflictBehavior<,>)];
});
builder.Services.AddExceptionHandler<ErrorHandling>();
builder.Services.AddProblemDetails();
builder.Services.AddHostedService<MigrationService>();
builder.Services.AddHostedService<SweeperService>();
builder.Services.AddHostedService<StatisticsService>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseRouting();
app.UseMiddleware<RequestHooks>();
app.MapHealth();
app.MapQueues();
app.MapMessages();
app.MapClaims();
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
