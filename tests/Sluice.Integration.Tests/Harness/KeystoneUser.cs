namespace Sluice.Integration.Tests.Harness;

/// <summary>A user that scripts/keystone.sh made, in domain Default; with no project its tokens are unscoped.</summary>
public sealed record KeystoneUser(string Name, string? Project, string Password);
