using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Authority;

/// <summary>Demo limits of authority per role, and one refund waiting for a supervisor's approval.</summary>
internal static class DemoAuthority
{
    private static readonly (string Role, AuthorityActionType Type, string Currency, decimal Amount)[] Amounts =
    [
        (Roles.Agent, AuthorityActionType.Refund, "GBP", 50m),
        (Roles.Agent, AuthorityActionType.Refund, "EUR", 60m),
        (Roles.Agent, AuthorityActionType.Compensation, "GBP", 50m),
        (Roles.Agent, AuthorityActionType.GoodwillGesture, "GBP", 25m),
        (Roles.Agent, AuthorityActionType.Discount, "GBP", 30m),
        (Roles.Supervisor, AuthorityActionType.Refund, "GBP", 500m),
        (Roles.Supervisor, AuthorityActionType.Refund, "EUR", 600m),
        (Roles.Supervisor, AuthorityActionType.Compensation, "GBP", 500m),
        (Roles.Supervisor, AuthorityActionType.GoodwillGesture, "GBP", 200m),
        (Roles.Supervisor, AuthorityActionType.Discount, "GBP", 200m),
        (Roles.Administrator, AuthorityActionType.Refund, "GBP", 5000m),
        (Roles.Administrator, AuthorityActionType.Compensation, "GBP", 5000m),
        (Roles.Administrator, AuthorityActionType.GoodwillGesture, "GBP", 1000m),
        (Roles.Administrator, AuthorityActionType.Discount, "GBP", 1000m),
    ];

    public static async Task AddAsync(RapportDbContext db, IReadOnlyDictionary<string, AppUser> staff, DateTime now, CancellationToken ct)
    {
        foreach (var (role, type, currency, amount) in Amounts)
        {
            db.AuthorityLimits.Add(AuthorityLimit.ForRole(role, type, currency, amount, null, now));
        }

        db.AuthorityLimits.Add(AuthorityLimit.ForRole(Roles.Supervisor, AuthorityActionType.PolicyException, null, null, true, now));
        db.AuthorityLimits.Add(AuthorityLimit.ForRole(Roles.Administrator, AuthorityActionType.PolicyException, null, null, true, now));

        var complaint = await db.Cases.Where(c => c.Title == "Room not cleaned during stay").Select(c => new { c.Id, c.Number }).FirstOrDefaultAsync(ct);
        if (complaint is null)
        {
            return;
        }

        var ben = staff["agent2@rapport.demo"];
        var refund = CaseAction.Request(complaint.Id, AuthorityActionType.Refund, 120m, "GBP", "Two nights' room charge",
            "The room was not cleaned for two days; the customer asks for a partial refund.", ben.Id, ben.DisplayName, now.AddHours(-3));
        db.CaseActions.Add(refund);
        Notifier.Seed(db, new Notice(CaseActionService.Kind,
            $"{ben.DisplayName} asks you to approve a {refund.WhatInSentence} on {Cases.CaseNumbers.Format(complaint.Number)} Room not cleaned during stay",
            "/approvals", now.AddHours(-3)), staff["supervisor@rapport.demo"].Id);
    }
}
