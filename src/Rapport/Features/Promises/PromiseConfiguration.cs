using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

public sealed class PromiseConfiguration : IEntityTypeConfiguration<Promise>
{
    private const string Pending = "\"Status\" IN ('Open', 'Renegotiated')";

    public void Configure(EntityTypeBuilder<Promise> b)
    {
        b.ToTable("promises");
        b.Ignore(p => p.IsPending);
        b.Property(p => p.What).HasMaxLength(Promise.WhatMaxLength);
        b.Property(p => p.DueText).HasMaxLength(200);
        b.Property(p => p.ClosingNote).HasMaxLength(Promise.TextMaxLength);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Rapport.Features.Cases.Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.SetNull);

        // The sweep's three range scans cover only promises still to be kept, so they stay small at any history size.
        // Two indexes on the same column must be named in HasIndex itself: EF Core takes a second unnamed HasIndex of the
        // same columns for the first one and renames it (the escalation index was lost that way until 2026-12-06).
        b.HasIndex(p => p.RemindAt, "ix_promises_awaiting_reminder").HasFilter($"\"RemindedAt\" IS NULL AND {Pending}");
        b.HasIndex(p => p.DueAt, "ix_promises_awaiting_escalation").HasFilter($"\"EscalatedAt\" IS NULL AND {Pending}");
        b.HasIndex(p => p.DueAt, "ix_promises_escalated_by_due").HasFilter($"\"EscalatedAt\" IS NOT NULL AND {Pending}");
        // Lists: an owner's, a team's or a case's promises by due time; measures over due times.
        b.HasIndex(p => new { p.OwnerId, p.DueAt }).HasDatabaseName("ix_promises_by_owner");
        b.HasIndex(p => new { p.TeamId, p.DueAt }).HasDatabaseName("ix_promises_by_team");
        b.HasIndex(p => new { p.CaseId, p.DueAt }).HasDatabaseName("ix_promises_by_case");
        b.HasIndex(p => new { p.CustomerId, p.DueAt }).HasDatabaseName("ix_promises_by_customer");
        b.HasIndex(p => new { p.DueAt, p.Id }).HasDatabaseName("ix_promises_by_due");
        // Dashboards roll up the promises closed on a day.
        b.HasIndex(p => p.ClosedAt).HasDatabaseName("ix_promises_by_closed").HasFilter("\"ClosedAt\" IS NOT NULL");
    }
}

public sealed class PromiseRenegotiationConfiguration : IEntityTypeConfiguration<PromiseRenegotiation>
{
    public void Configure(EntityTypeBuilder<PromiseRenegotiation> b)
    {
        b.ToTable("promise_renegotiations");
        b.Property(r => r.Reason).HasMaxLength(Promise.TextMaxLength);
        b.HasOne<Promise>().WithMany().HasForeignKey(r => r.PromiseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.PromiseId, r.At }).HasDatabaseName("ix_promise_renegotiations_by_promise");
    }
}

/// <summary>When customers merge, their promises move to the surviving record.</summary>
internal sealed class PromisesFollowMerges(RapportDbContext db) : ICustomerMergeParticipant
{
    public async Task OnMergedAsync(Guid survivorId, Guid duplicateId, CancellationToken ct) =>
        await db.Set<Promise>().Where(p => p.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(p => p.CustomerId, survivorId), ct);
}
