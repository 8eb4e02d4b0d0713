using System.Runtime.CompilerServices;

namespace Rapport.IntegrationTests.Support;

internal static class TestProcessSetup
{
    // Test helpers build and read mail with MimeKit in the same process as the hosts, possibly before any Rapport code.
    [ModuleInitializer]
    internal static void Register() => Rapport.Features.Channels.Email.Charsets.EnsureRegistered();
}
