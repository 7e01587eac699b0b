using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>The service with client_id_uuid_safe=off: any Client-ID of 10..36 characters.</summary>
public sealed class LooseClientIdApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sluice:Limits:ClientIdUuidSafe"] = "false" };
}
