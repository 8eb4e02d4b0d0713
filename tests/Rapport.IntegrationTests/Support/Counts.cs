using Microsoft.EntityFrameworkCore;

namespace Rapport.IntegrationTests.Support;

/// <summary>Row counts of the tables a write touches, to prove a rejected request wrote nothing.</summary>
public sealed record Counts(int Customers, int ContactPoints, int Notes, int AuditEntries, int IdempotencyRecords)
{
    public static Task<Counts> OfAsync(RapportFactory app) => app.WithDbAsync(async db => new Counts(
        await db.Customers.CountAsync(), await db.ContactPoints.CountAsync(), await db.CustomerNotes.CountAsync(),
        await db.AuditEntries.CountAsync(), await db.IdempotencyRecords.CountAsync()));
}
