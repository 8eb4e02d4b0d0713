using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>What erasure and retention do with the files of what they removed, after their transaction commits.</summary>
internal static class UnusedFiles
{
    /// <summary>Blobs are shared by content: one is deleted only when no message or attachment refers to it any more.</summary>
    public static async Task<int> DeleteAsync(RapportDbContext db, BlobStore blobs, IEnumerable<string> files, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var file in files.Distinct())
        {
            if (!await db.Attachments.AnyAsync(a => a.BlobRef == file, ct) && !await db.Messages.AnyAsync(m => m.RawRef == file, ct)
                && await blobs.DeleteAsync(file, ct))
            {
                deleted++;
            }
        }

        return deleted;
    }
}
