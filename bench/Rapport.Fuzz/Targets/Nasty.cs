using System.Text;
using CsCheck;

namespace Rapport.Fuzz;

/// <summary>Values that break parsers and databases, and byte-level mutations of real inputs.</summary>
public static class Nasty
{
    public static readonly string Huge = new('x', 70_000);

    /// <summary>Text a field may be given: empty, control characters, NUL, half a surrogate pair, huge, formula, look-alike values.</summary>
    public static readonly string[] Strings =
    [
        "", " ", "\t", "\0", "a\0b", "\ud800", "x\udfffy", "\udc00\ud800", "🙂", "\u202eevil", "\ufeff", "İ", "\u0085", "\r\n", "\r", "\n\n",
        Huge, string.Concat(Enumerable.Repeat("🙂", 5000)), "<script>alert(1)</script>", "'; DROP TABLE \"Customers\"; --", "=cmd|' /C calc'!A0", "+1", "-1", "@x",
        "../../etc/passwd", "%00", "%zz", "null", "NaN", "Infinity", "-0", "1e309", "99999999999999999999999", "2026-13-45", "0001-01-01",
        "9999-12-31T23:59:59Z", "00000000-0000-0000-0000-000000000000", "not-a-guid", "{", "[", "\"", "\\", "a,b;c\td", "=?utf-8?B?AA==?=",
        "+447700900123", "447700900123", "whatsapp:+447700900123", "ann@example.com", "a@b@c", "<a@b>", "x:@handle", "true", "0",
    ];

    /// <summary>JSON values as raw text: wrong types, extremes, invalid Unicode escapes, deep nesting, huge strings.</summary>
    public static readonly string[] JsonValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e308", "1e999", "-1e999", "9223372036854775808", "-9223372036854775809", "4294967296",
        "0.1e-400", "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\ud83d\\ude42\"", "[]", "{}", "[null]",
        "{\"\":null}", "[1,\"a\",{}]", "\"" + Huge + "\"", Deep(600), Deep(70), "\"2026-02-30\"", "\"2026-03-02T09:00:00Z\"", "\"P1D\"",
        "\"not-a-guid\"", "\"00000000-0000-0000-0000-000000000000\"", "\"" + Guid.NewGuid() + "\"", "\"alien\"", "\"-1\"", "\"1e999\"",
        "\"<script>\"", "\"=cmd|' /C calc'!A0\"", "[" + string.Join(",", Enumerable.Repeat("\"x\"", 5000)) + "]", "{\"$type\":\"System.IO.File\"}",
    ];

    public static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>A JSON string literal of any text, lone surrogates and NUL written as escapes (as a hostile client may).</summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or (>= '\ud800' and <= '\udfff') => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return json.Append('"').ToString();
    }

    /// <summary>A few random edits of real bytes: overwrite, insert, delete, duplicate a slice, or cut short.</summary>
    public static byte[] Mutate(PCG random, byte[] original)
    {
        var bytes = new List<byte>(original);
        var edits = 1 + random.Below(6);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Below(bytes.Count + 1);
            switch (random.Below(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Below(256);
                    break;
                case 1:
                    var text = random.OneOf(Strings);
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(text[..Math.Min(200, text.Length)]));
                    break;
                case 2 when bytes.Count > 0:
                    var length = Math.Min(random.Below(64) + 1, bytes.Count - Math.Min(at, bytes.Count - 1));
                    bytes.RemoveRange(Math.Min(at, bytes.Count - 1), length);
                    break;
                case 3 when bytes.Count > 1:
                    var from = random.Below(bytes.Count - 1);
                    var slice = bytes.GetRange(from, Math.Min(random.Below(256) + 1, bytes.Count - from));
                    bytes.InsertRange(at, slice);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.Insert(at, random.OneOf(Specials));
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << random.Below(8));
                    }

                    break;
            }
        }

        return bytes.ToArray();
    }

    private static readonly byte[] Specials = [0, 0x0d, 0x0a, (byte)'"', (byte)',', (byte)';', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'&', (byte)'=', (byte)'%', 0xff, 0xc3, 0xed, 0xa0, 0x80];

    public static byte[] RandomBytes(PCG random, int max)
    {
        var bytes = new byte[random.Below(max + 1)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.Below(256);
        }

        return bytes;
    }
}
