using Mediator;
using Sluice.Domain.Health;
using Sluice.Functions.Endpoints;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Functions.Auth;
using Sluice.Functions.Jobs;
using Sluice.Functions.Triggers;
using Sluice.Infra;

var builder = WebApplication.CreateSlimBuilder(args);
var options = builder.Configuration.GetSection("Sluice").Get<SluiceOptions>() ?? new SluiceOptions();

// Under the Functions host the port arrives in FUNCTIONS_CUSTOMHANDLER_PORT and the host drives the background jobs
// through timer functions; standalone the default address is loopback:8080 and the jobs run in-process.
var hostPort = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
var serverless = !string.IsNullOrEmpty(hostPort);
if (serverless) builder.WebHost.UseUrls($"http://127.0.0.1:{hostPort}");
else if (builder.Configuration["urls"] is null) builder.WebHost.UseUrls("http://127.0.0.1:8080");
var kestrel = builder.Configuration.GetSection("Sluice:Kestrel").Get<KestrelLimits>() ?? new KestrelLimits();
builder.WebHost.ConfigureKestrel(k => kestrel.Apply(k.Limits));
var jobs = BackgroundJobs.All(options);
var auth = builder.Configuration.GetSection("Sluice:Auth").Get<AuthOptions>() ?? new AuthOptions();
var (authModes, authError) = auth.Parse(serverless);
if (authError is not null)
{
    Console.Error.WriteLine("sluice: " + authError);
    Environment.ExitCode = 1;
    return;
}

if (options.Pooling && string.IsNullOrEmpty(options.Storage))
{
    Console.Error.WriteLine("sluice: Sluice:Pooling needs Sluice:Storage, the Azure Storage account of the catalog (Azurite locally).");
    Environment.ExitCode = 1;
    return;
}

builder.Services.AddSluiceInfra(options);
builder.Services.AddSluiceIdentity(auth, authModes);
builder.Services.AddSluiceMediator();
builder.Services.AddExceptionHandler<ErrorHandling>();
builder.Services.AddProblemDetails();
builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<MigrationService>(services, !serverless));
builder.Services.AddHostedService<SignalListener>();
builder.Services.AddHostedService<HeadKeeper>();
builder.Services.AddSingleton<LongPoll>();
builder.Services.AddSingleton<PoolPlanes>();
builder.Services.AddSingleton(RateLimits.From(builder.Configuration)).AddSingleton<ProjectRateLimiter>();
builder.Services.AddSingleton(services => SignedUrl.FromConfiguration(builder.Configuration, serverless, services));
if (!serverless)
{
    foreach (var job in jobs)
    {
        builder.Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<ScheduledJobService>(services, job));
    }
}

var app = builder.Build();
app.UseExceptionHandler();
app.UseRouting();
app.UseMiddleware<RequestHooks>();
app.UseMiddleware<ProjectRateLimiter>();
app.MapHealth();
app.MapQueues();
app.MapMessages();
app.MapClaims();
app.MapEvents();
app.MapHistory();
app.MapSubscriptions();
// The package's function definitions include the pool routes whatever the setting, so that turning pooling on in the
// app settings needs no new package; without it the service leaves them unrouted (404).
if (options.Pooling || args is ["--write-functions", _]) app.MapPools();
if (serverless) app.MapJobInvocations(jobs);

// Publishing: write the function definitions of the package and stop, without serving.
if (args is ["--write-functions", var functionsDirectory])
{
    FunctionCatalog.Write(functionsDirectory, ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints), jobs);
    return;
}
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
