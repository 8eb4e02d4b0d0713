using System.CommandLine;
using System.Text;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.Load.Corpus;

/// <summary>
/// <c>corpus</c>: every file under a folder read as the mailbox reads an email (EmailParser, whose classification is
/// EmailClassifier's, Message-ID collisions, then InboundPreparation), and what an agent would then see: a conversation
/// message, automatic mail (joining the conversation it answers or in the automatic mail view) with the reason
/// recorded, an unreadable message, a duplicate dropped, or an exception. The first folder level names the source.
/// </summary>
internal static class CorpusCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder of emails, one sub-folder per source." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the per-file results here as TSV (default: standard output)." };
        var command = new Command("corpus", "Read every email under a folder as the mailbox does and count what is shown, automatic, unreadable, dropped or failed.")
        {
            folder, output,
        };
        command.SetAction(async (pr, ct) =>
        {
            var root = pr.GetValue(folder)!;
            var rows = Run(root);
            var tsv = new StringBuilder("source\tfile\toutcome\tkind\treason\tfrom\tsubject\twarning\n");
            foreach (var r in rows)
            {
                tsv.AppendJoin('\t', r.Source, r.File, r.Outcome, r.Kind, Cell(r.Reason), Cell(r.From), Cell(r.Subject), Cell(r.Warning)).Append('\n');
            }

            if (pr.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, tsv.ToString(), ct);
            }
            else
            {
                Console.Write(tsv);
            }

            Console.Error.WriteLine(Summary(rows));
            return rows.Any(r => r.Outcome == "exception") ? 1 : 0;
        });
        return command;
    }

    internal sealed record Row(string Source, string File, string Outcome, string Kind, string? Reason, string? From, string? Subject, string? Warning);

    internal static List<Row> Run(DirectoryInfo root)
    {
        var preparation = new InboundPreparation(new ContactPointRules("GB"), TimeProvider.System);
        var kept = new Dictionary<string, InboundMessage>(StringComparer.Ordinal);
        var rows = new List<Row>();
        foreach (var path in Directory.EnumerateFiles(root.FullName, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root.FullName, path);
            var source = relative.Contains(Path.DirectorySeparatorChar) ? relative[..relative.IndexOf(Path.DirectorySeparatorChar)] : ".";
            var file = relative[(source.Length + 1)..];
            try
            {
                rows.Add(One(source, file, File.ReadAllBytes(path), preparation, kept));
            }
            catch (Exception e)
            {
                rows.Add(new Row(source, file, "exception", "-", $"{e.GetType().Name}: {e.Message}", null, null, null));
            }
        }

        return rows;
    }

    private static Row One(string source, string file, byte[] raw, InboundPreparation preparation, Dictionary<string, InboundMessage> kept)
    {
        // IMAP hands over CRLF lines; the mailbox reads what the server returns.
        var parsed = EmailParser.Parse(Crlf(raw), $"<corpus.{source}.{file}@rapport.invalid>");
        var message = parsed.Message with { ThreadOnly = parsed.IsAutomatic, To = parsed.Message.To ?? "help@example.com" };
        var id = message.ProviderMessageId;
        if (kept.TryGetValue(id, out var earlier))
        {
            if (SameMessage(earlier, message))
            {
                return new Row(source, file, "duplicate", parsed.Kind.ToString(), $"same Message-ID, sender, subject and date as an earlier file: {id}",
                    message.From.Email, message.Subject, message.ParseWarning);
            }

            // MessageIdCollisions gives it an id of its own; it is kept.
            message = message with
            {
                ProviderMessageId = id + "#" + file,
                ParseWarning = string.Join(" ", new[] { message.ParseWarning, $"Another email already had the Message-ID {id}." }.OfType<string>()),
            };
        }

        kept.TryAdd(message.ProviderMessageId, message);
        var prepared = preparation.Prepare(message);
        var unreadable = message.Subject == "(unreadable email)" || prepared.Text is "(no readable text)" or "(too large to show)";
        var outcome = unreadable ? "unreadable" : parsed.IsAutomatic ? "automatic" : "shown";
        return new Row(source, file, outcome, parsed.Kind.ToString(),
            message.Classification ?? (parsed.IsAutomatic ? parsed.Reason : null), prepared.SenderKey, prepared.Subject, prepared.ParseWarning);
    }

    private static bool SameMessage(InboundMessage a, InboundMessage b) =>
        string.Equals(a.From.Email, b.From.Email, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Subject?.Trim(), b.Subject?.Trim(), StringComparison.Ordinal)
        && (a.SentAt is null || b.SentAt is null || a.SentAt == b.SentAt);

    private static byte[] Crlf(byte[] raw)
    {
        var output = new MemoryStream(raw.Length + raw.Length / 20);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\n' && (i == 0 || raw[i - 1] != (byte)'\r'))
            {
                output.WriteByte((byte)'\r');
            }

            output.WriteByte(raw[i]);
        }

        return output.ToArray();
    }

    private static string Cell(string? s) => s is null ? "" : s.ReplaceLineEndings(" ").Replace('\t', ' ');

    internal static string Summary(List<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"source",-24} {"files",5} {"shown",5} {"autom.",6} {"unread.",7} {"dupl.",5} {"exc.",4}");
        foreach (var group in rows.GroupBy(r => r.Source).Append(rows.GroupBy(_ => "total").Single()))
        {
            int Count(string outcome) => group.Count(r => r.Outcome == outcome);
            text.AppendLine($"{group.Key,-24} {group.Count(),5} {Count("shown"),5} {Count("automatic"),6} {Count("unreadable"),7} {Count("duplicate"),5} {Count("exception"),4}");
        }

        text.AppendLine("automatic by kind: " + string.Join(", ", rows.Where(r => r.Outcome == "automatic").GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine("shown as list mail: " + rows.Count(r => r.Outcome == "shown" && r.Reason?.StartsWith("Mailing-list", StringComparison.Ordinal) == true)
            + "; shown with a parse warning: " + rows.Count(r => r.Outcome == "shown" && r.Warning is not null));
        return text.ToString();
    }
}
