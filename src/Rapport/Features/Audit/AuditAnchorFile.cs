using System.Text;

namespace Rapport.Features.Audit;

/// <summary>One line of the anchor file: the anchor it holds, or why it holds none.</summary>
public sealed record AuditAnchorLine(int Number, AuditAnchor? Anchor, string? Error);

/// <summary>
/// The anchor file: one <see cref="AuditAnchor"/> per line, only ever appended to. Several processes (nodes, the CLI)
/// may append to it; each line is written whole under an exclusive lock, and identical or overlapping anchors from
/// two writers are harmless.
/// </summary>
public static class AuditAnchorFile
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task AppendAsync(string path, AuditAnchor anchor, CancellationToken ct)
    {
        var line = Encoding.UTF8.GetBytes(anchor.ToJsonLine() + "\n");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Gate.WaitAsync(ct);
        try
        {
            await using var file = await OpenAsync(path, FileAccess.ReadWrite, FileShare.None, ct);
            if (file.Length > 0)
            {
                // A line cut short (a crash mid-write, an editor) must not swallow the next anchor.
                file.Seek(-1, SeekOrigin.End);
                if (file.ReadByte() != '\n')
                {
                    line = [(byte)'\n', .. line];
                }
            }

            file.Seek(0, SeekOrigin.End);
            await file.WriteAsync(line, ct);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Every non-blank line of the file, numbered from 1; empty when the file does not exist.</summary>
    public static async Task<List<AuditAnchorLine>> ReadAsync(string path, CancellationToken ct)
    {
        var lines = new List<AuditAnchorLine>();
        if (!File.Exists(path))
        {
            return lines;
        }

        var number = 0;
        await using var file = await OpenAsync(path, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ct);
        using var reader = new StreamReader(file, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            lines.Add(AuditAnchor.TryParse(text, out var anchor, out var error)
                ? new AuditAnchorLine(number, anchor, null)
                : new AuditAnchorLine(number, null, error));
        }

        return lines;
    }

    /// <summary>The most recent readable anchor in the file by time, or null when there is none.</summary>
    public static async Task<AuditAnchor?> LatestAsync(string path, CancellationToken ct) =>
        (await ReadAsync(path, ct)).Select(l => l.Anchor).OfType<AuditAnchor>().MaxBy(a => a.At);

    private static async Task<FileStream> OpenAsync(string path, FileAccess access, FileShare share, CancellationToken ct)
    {
        // The writer's FileShare.None is an exclusive lock between processes too (flock on Unix). It holds it for
        // milliseconds, so a reader or another writer waits a little rather than fail.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, access == FileAccess.Read ? FileMode.Open : FileMode.OpenOrCreate, access, share);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && attempt < 50)
            {
                await Task.Delay(100, ct);
            }
        }
    }
}
