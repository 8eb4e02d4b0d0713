using System.Runtime.CompilerServices;

namespace Rapport.UnitTests.Channels.WebChat;

/// <summary>
/// The widget's scripts run inside other organisations' pages, which decode a script by the page's own encoding when
/// the response names none (many pages declare none, or windows-1252): a "×" in the source showed as "Ã—". Keeping the
/// source ASCII (\u escapes for anything else) makes it read the same on every page.
/// </summary>
public sealed class WidgetScriptEncodingTests
{
    [Theory]
    [InlineData("widget.js")]
    [InlineData("chat-app.js")]
    public void The_widgets_scripts_are_ascii_so_any_host_pages_encoding_reads_them_alike(string name)
    {
        var source = File.ReadAllText(ChatScript(name));
        var line = source.Split('\n').Select((text, i) => (text, number: i + 1)).FirstOrDefault(l => l.text.Any(c => c > 127));
        Assert.True(line.text is null, $"{name} line {line.number} has a non-ASCII character; write it as a \\u escape: {line.text?.Trim()}");
    }

    private static string ChatScript(string name, [CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../../src/Rapport/wwwroot/chat", name));
}
