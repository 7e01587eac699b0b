using System.Net.Http.Headers;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>
/// The service in mode <c>keystone</c>, validating tokens with the real Keystone test.sh starts (as the service user
/// <c>sluice</c>); clients carry tokens of projects made on first use, and X-Project-ID is the project's id.
/// </summary>
public class KeystoneApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Auth:Mode"] = "keystone",
        ["Sluice:Auth:Keystone:Url"] = KeystoneServer.Url,
        ["Sluice:Auth:Keystone:Username"] = KeystoneServer.Service.Name,
        ["Sluice:Auth:Keystone:Password"] = KeystoneServer.Service.Password,
        ["Sluice:Auth:Keystone:Project"] = KeystoneServer.Service.Project,
    };

    public override string Authenticate(HttpRequestHeaders headers, string project, params string[] roles)
    {
        // Api() is synchronous; the calls to Keystone run off the test's synchronization context.
#pragma warning disable VSTHRD002, MA0045
        var (projectId, token) = Task.Run(() => KeystoneServer.ProjectToken(project, roles.Contains("admin"))).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002, MA0045
        headers.Add("X-Auth-Token", token);
        return projectId;
    }
}
