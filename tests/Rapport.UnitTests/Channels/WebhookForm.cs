using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Rapport.UnitTests.Channels;

/// <summary>Form bodies and query strings decoded the way the server decodes them ('+' is a space, %XX is UTF-8).</summary>
internal static class WebhookForm
{
    public static List<KeyValuePair<string, string>> Parse(byte[] raw) => Parse(Encoding.UTF8.GetString(raw));

    public static List<KeyValuePair<string, string>> Parse(string formOrQuery) =>
        [.. QueryHelpers.ParseQuery(formOrQuery).SelectMany(field => field.Value.Select(value => KeyValuePair.Create(field.Key, value ?? "")))];

    /// <summary>The form (percent-encoded ASCII) with one byte changed: the first character of <paramref name="field"/>'s value.</summary>
    public static byte[] WithOneByteChanged(byte[] raw, string field)
    {
        var found = ("&" + Encoding.ASCII.GetString(raw)).IndexOf("&" + field + "=", StringComparison.Ordinal);
        Assert.True(found >= 0, $"{field} is in the form");
        var at = found + field.Length + 1;
        var changed = (byte[])raw.Clone();
        changed[at] = changed[at] == (byte)'X' ? (byte)'Y' : (byte)'X';
        return changed;
    }
}
