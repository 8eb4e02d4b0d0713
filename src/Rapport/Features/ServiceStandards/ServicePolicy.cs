using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Features.Cases;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.ServiceStandards;

public enum TargetKind { FirstResponse, CustomerUpdate, Resolution }

/// <summary>
/// A service standard (C11): how soon a matching case gets its first response, how often the customer hears from us,
/// and how soon it is resolved. Empty criteria match anything; of the policies matching a case the one naming the most
/// criteria wins, and between equally specific ones priority counts more than kind, and kind more than channel
/// (<see cref="Specificity"/>). Two policies with the same criteria are refused, so a case always has one winner.
/// </summary>
public sealed class ServicePolicy : IAudited
{
    public const int MaxMinutes = 366 * 24 * 60;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Name { get; private set; } = "";
    public Channel? Channel { get; private set; }
    public string? Kind { get; private set; }
    public CasePriority? Priority { get; private set; }
    public int? FirstResponseMinutes { get; private set; }
    public int? CustomerUpdateMinutes { get; private set; }
    public int? ResolutionMinutes { get; private set; }
    /// <summary>Measured in the organisation's business hours (true) or around the clock.</summary>
    public bool BusinessHours { get; private set; } = true;

    public string AuditSubjectType => "service-policy";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "service-policy";

    /// <summary>Priority 4, kind 2, channel 1: every combination of criteria has its own weight.</summary>
    public int Specificity => (Priority is null ? 0 : 4) + (Kind is null ? 0 : 2) + (Channel is null ? 0 : 1);

    public void Define(string name, Channel? channel, string? kind, CasePriority? priority, int? firstResponse, int? customerUpdate,
        int? resolution, bool businessHours)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw new InvalidInputException("name", "A policy needs a name of at most 100 characters.");
        }

        if (channel is { } c && (!Enum.IsDefined(c) || c == Customers.Channel.None))
        {
            throw new InvalidInputException("channel", "Unknown channel.");
        }

        if (priority is { } p && !Enum.IsDefined(p))
        {
            throw new InvalidInputException("priority", "Unknown priority.");
        }

        Check(firstResponse, "firstResponseMinutes");
        Check(customerUpdate, "customerUpdateMinutes");
        Check(resolution, "resolutionMinutes");
        if (firstResponse is null && customerUpdate is null && resolution is null)
        {
            throw new InvalidInputException("firstResponseMinutes", "A policy sets at least one target.");
        }

        Name = name.Trim();
        Channel = channel;
        Kind = string.IsNullOrWhiteSpace(kind) ? null : kind.Trim().ToLowerInvariant();
        Priority = priority;
        FirstResponseMinutes = firstResponse;
        CustomerUpdateMinutes = customerUpdate;
        ResolutionMinutes = resolution;
        BusinessHours = businessHours;
    }

    public bool Matches(Channel? channel, string kind, CasePriority priority) =>
        (Channel is null || Channel == channel) && (Kind is null || Kind == kind) && (Priority is null || Priority == priority);

    public bool SameCriteria(ServicePolicy other) => Channel == other.Channel && Kind == other.Kind && Priority == other.Priority;

    public TimeSpan? TargetFor(TargetKind kind) => (kind switch
    {
        TargetKind.FirstResponse => FirstResponseMinutes,
        TargetKind.CustomerUpdate => CustomerUpdateMinutes,
        _ => ResolutionMinutes,
    }) is { } minutes ? TimeSpan.FromMinutes(minutes) : null;

    /// <summary>The policy that applies to a case: the most specific match, or none.</summary>
    public static ServicePolicy? For(IEnumerable<ServicePolicy> policies, Channel? channel, string kind, CasePriority priority) =>
        policies.Where(p => p.Matches(channel, kind, priority)).OrderByDescending(p => p.Specificity).ThenBy(p => p.Id).FirstOrDefault();

    private static void Check(int? minutes, string field)
    {
        if (minutes is < 1 or > MaxMinutes)
        {
            throw new InvalidInputException(field, $"A target is between 1 and {MaxMinutes} minutes.");
        }
    }
}

public sealed class ServicePolicyConfiguration : IEntityTypeConfiguration<ServicePolicy>
{
    public void Configure(EntityTypeBuilder<ServicePolicy> b)
    {
        b.ToTable("service_policies");
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Kind).HasMaxLength(50);
        b.Property(p => p.Priority).HasConversion<string>().HasMaxLength(20);
        b.Ignore(p => p.Specificity);
    }
}
