namespace Sluice.Functions.Hosting;

/// <summary>
/// Endpoint metadata: the HTTP function of the Functions host that passes this endpoint's requests through. Set on
/// each endpoint group (an endpoint's own wins); <see cref="FunctionCatalog"/> writes one function.json per name.
/// Routes must not overlap: which of two matching functions the host picks is not something to rely on.
/// </summary>
/// <param name="Name">The function (and its folder) name.</param>
/// <param name="Route">The function's route template, without a leading slash (the route prefix is "").</param>
public sealed record HttpFunction(string Name, string Route);

/// <summary>Endpoint metadata: a host invocation of a timer function, not a client request; the API's hooks skip it.</summary>
public sealed record HostInvocation;
