using System.Runtime.CompilerServices;
using System.Text;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// .NET knows only the Unicode and Latin-1 charsets by default; real mail still arrives in ISO-2022-JP, Shift_JIS,
/// KOI8-R, windows-1252 and friends, which MimeKit would otherwise decode as Latin-1 mojibake. Registered when the
/// assembly loads, not when the parser is first used: MimeKit remembers a charset it could not find, so whatever
/// touches MimeKit first (a reply being built, a test's mail helper) must already see them.
/// </summary>
public static class Charsets
{
    [ModuleInitializer]
    internal static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>For a process that may use MimeKit before this assembly loads (test helpers): call first.</summary>
    public static void EnsureRegistered() => Register();
}
