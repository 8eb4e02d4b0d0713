using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Channels.Telephone;

public sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> b)
    {
        b.ToTable("call_records");
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Recording).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Consent).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.ProviderCallId).HasMaxLength(200);
        b.Property(c => c.From).HasMaxLength(320);
        b.Property(c => c.To).HasMaxLength(320);
        b.Property(c => c.RecordingUrl).HasMaxLength(2000);
        b.Property(c => c.MeetingUrl).HasMaxLength(2000);
        b.Property(c => c.ConsentWording).HasMaxLength(CallRecord.WordingMaxLength);
        b.Property(c => c.ConsentNotAskedReason).HasMaxLength(500);
        b.Property(c => c.ConsentByName).HasMaxLength(200);
        b.Property(c => c.LoggedByName).HasMaxLength(200);
        // The message a logged call is; the provider's call id a callback names (one record per call, whatever the order).
        b.HasIndex(c => c.MessageId).IsUnique().HasDatabaseName("ux_call_records_by_message");
        b.HasIndex(c => c.ProviderCallId).IsUnique().HasDatabaseName("ux_call_records_by_provider_call");
        // The consent report counts answers over a period.
        b.HasIndex(c => c.ConsentAt).HasDatabaseName("ix_call_records_by_consent_at");
    }
}

public sealed class CallSettingsConfiguration : IEntityTypeConfiguration<CallSettings>
{
    public void Configure(EntityTypeBuilder<CallSettings> b)
    {
        b.ToTable("call_settings");
        b.Property(s => s.ConsentWording).HasMaxLength(CallRecord.WordingMaxLength);
        b.Property(s => s.VideoMeetingTemplate).HasMaxLength(500);
    }
}
