using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Channels.Messaging;

public sealed class ChannelAccountConfiguration : IEntityTypeConfiguration<ChannelAccount>
{
    public void Configure(EntityTypeBuilder<ChannelAccount> b)
    {
        b.ToTable("channel_accounts");
        b.Property(a => a.Name).HasMaxLength(100);
        b.Property(a => a.Provider).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Address).HasMaxLength(100);
        b.Property(a => a.AccountId).HasMaxLength(100);
        b.Property(a => a.VonageSigning).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.ApiBaseUrl).HasMaxLength(300);
        b.Property(a => a.LastError).HasMaxLength(1000);
        b.Ignore(a => a.Health);
        b.Ignore(a => a.Channel);
        b.Ignore(a => a.ApiBase);
        b.HasIndex(a => new { a.Provider, a.Address }).IsUnique();
    }
}
