using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Organisation;
using Rapport.Features.Teams;
using Rapport.Infrastructure.Api;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// The one model. Provider-specific subclasses exist only so each provider keeps its own migration history.
/// Saving writes the hash-chained audit entries for every audited change in the same transaction.
/// Contexts are pooled: the scope's <see cref="AuditContext"/> is handed to each one as it is leased
/// (<see cref="DataServiceExtensions.AddRapportData"/>).
/// </summary>
public abstract class RapportDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    // Replaced on every lease from the pool; a context made by hand acts as "system" until given another.
    private AuditContext audit = new(TimeProvider.System);

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<ContactPoint> ContactPoints => Set<ContactPoint>();
    public DbSet<CustomerNote> CustomerNotes => Set<CustomerNote>();
    public DbSet<ConfidentialDetail> ConfidentialDetails => Set<ConfidentialDetail>();
    public DbSet<Rapport.Features.Privacy.ConsentRecord> Consents => Set<Rapport.Features.Privacy.ConsentRecord>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditPendingEntry> AuditPending => Set<AuditPendingEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<OrganisationSettings> OrganisationSettings => Set<OrganisationSettings>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageReference> MessageReferences => Set<MessageReference>();
    public DbSet<MessageAttachment> Attachments => Set<MessageAttachment>();
    public DbSet<ReplyUpload> ReplyUploads => Set<ReplyUpload>();
    public DbSet<InboundJournalEntry> InboundJournal => Set<InboundJournalEntry>();
    public DbSet<Rapport.Infrastructure.Outbox.OutboxItem> OutboxItems => Set<Rapport.Infrastructure.Outbox.OutboxItem>();
    public DbSet<Rapport.Features.Channels.Email.Mailbox> Mailboxes => Set<Rapport.Features.Channels.Email.Mailbox>();
    public DbSet<Rapport.Features.Channels.Messaging.ChannelAccount> ChannelAccounts => Set<Rapport.Features.Channels.Messaging.ChannelAccount>();
    public DbSet<Rapport.Features.Channels.WebChat.ChatSite> ChatSites => Set<Rapport.Features.Channels.WebChat.ChatSite>();
    public DbSet<Rapport.Features.Channels.WebChat.ChatVisitor> ChatVisitors => Set<Rapport.Features.Channels.WebChat.ChatVisitor>();
    public DbSet<Rapport.Features.Channels.WebChat.ChatAgentStatus> ChatAgentStatuses => Set<Rapport.Features.Channels.WebChat.ChatAgentStatus>();
    public DbSet<Rapport.Features.Channels.Health.ChannelErrorHour> ChannelErrorHours => Set<Rapport.Features.Channels.Health.ChannelErrorHour>();
    public DbSet<Rapport.Features.Conversations.SplitPart> SplitParts => Set<Rapport.Features.Conversations.SplitPart>();
    public DbSet<Rapport.Features.Conversations.MessageRevision> MessageRevisions => Set<Rapport.Features.Conversations.MessageRevision>();
    public DbSet<Rapport.Features.Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Rapport.Features.Webhooks.WebhookSubscription>();
    public DbSet<Rapport.Features.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Rapport.Features.Webhooks.WebhookDelivery>();
    public DbSet<Rapport.Features.Cases.Case> Cases => Set<Rapport.Features.Cases.Case>();
    public DbSet<Rapport.Features.Cases.CaseTag> CaseTags => Set<Rapport.Features.Cases.CaseTag>();
    public DbSet<Rapport.Features.Cases.CaseFollower> CaseFollowers => Set<Rapport.Features.Cases.CaseFollower>();
    public DbSet<Rapport.Features.Cases.CaseConversation> CaseConversations => Set<Rapport.Features.Cases.CaseConversation>();
    public DbSet<Rapport.Features.Cases.CaseNote> CaseNotes => Set<Rapport.Features.Cases.CaseNote>();
    public DbSet<Rapport.Features.Cases.CaseKind> CaseKinds => Set<Rapport.Features.Cases.CaseKind>();
    public DbSet<Rapport.Features.Notifications.Notification> Notifications => Set<Rapport.Features.Notifications.Notification>();
    public DbSet<Rapport.Features.Referrals.Referral> Referrals => Set<Rapport.Features.Referrals.Referral>();
    public DbSet<Rapport.Features.Authority.AuthorityLimit> AuthorityLimits => Set<Rapport.Features.Authority.AuthorityLimit>();
    public DbSet<Rapport.Features.Authority.CaseAction> CaseActions => Set<Rapport.Features.Authority.CaseAction>();
    public DbSet<Rapport.Features.ServiceStandards.CaseTarget> CaseTargets => Set<Rapport.Features.ServiceStandards.CaseTarget>();
    public DbSet<Rapport.Features.Knowledge.KnowledgeArticle> KnowledgeArticles => Set<Rapport.Features.Knowledge.KnowledgeArticle>();

    public AuditContext Audit
    {
        get => audit;
        internal set => audit = value;
    }

    /// <summary>Set when this context wrote audit entries that the <see cref="AuditSealer"/> must seal after commit.</summary>
    internal bool HasUnsealedAudit { get; set; }

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RapportDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        FreeText.MaskCardNumbers(ChangeTracker);
        var drafts = AuditCollector.Collect(ChangeTracker, audit);
        var audited = drafts.Count > 0;
        if (IsPostgres && audited)
        {
            // Pending entries need no read of the chain: they ride in the save's own batch (one round trip).
            var (_, pending) = await AuditChain.PrepareAsync(this, drafts, cancellationToken);
            AuditPending.AddRange(pending);
            drafts = [];
        }

        if (Database.CurrentTransaction is not null)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            return drafts.Count > 0 ? saved + await AuditChain.AppendAsync(this, drafts, cancellationToken) : saved;
        }

        if (IsPostgres && !audited)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // A save of its own: audit entries and the change commit together, writers queue for SQLite's one write lock.
        // The entries are written after the change (the chain's end is read as late as possible, the same transaction).
        await using var transaction = await this.BeginWriteTransactionAsync(cancellationToken);
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (drafts.Count > 0)
        {
            written += await AuditChain.AppendAsync(this, drafts, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>
    /// Stores new records the way a save would — card numbers masked, audited, in one write transaction — but writes
    /// their rows (<paramref name="sets"/>, in order) with plain SQL (<see cref="RowWriter"/>) instead of the change
    /// tracker, whose per-entity bookkeeping costs more than the inserts. The records in <paramref name="added"/> are
    /// tracked only long enough to be described, so this needs an empty change tracker and no open transaction. Audited
    /// creates that arrive together are committed together (<see cref="InsertGroup"/>).
    /// </summary>
    internal async Task InsertAuditedAsync(IReadOnlyCollection<object> added, IReadOnlyList<RowSet> sets, CancellationToken ct)
    {
        if (Database.CurrentTransaction is not null || ChangeTracker.Entries().Any())
        {
            throw new InvalidOperationException("InsertAuditedAsync needs an empty change tracker and no open transaction.");
        }

        List<AuditDraft> drafts;
        try
        {
            AddRange(added);
            FreeText.MaskCardNumbers(ChangeTracker);
            drafts = AuditCollector.Collect(ChangeTracker, audit);
        }
        finally
        {
            ChangeTracker.Clear();
        }

        if (IsPostgres ? drafts.Count > 0 : WriteTransaction.IsQueued(this))
        {
            await InsertGroup.For(this).InsertAsync(this, sets, audit, drafts, ct);
            return;
        }

        // Nothing to chain on PostgreSQL (no lock to share), or an in-memory SQLite database (no one to group with).
        await using var transaction = await this.BeginWriteTransactionAsync(ct);
        var rows = RowWriter.Batched(this);
        foreach (var set in sets)
        {
            await rows.InsertAsync(set, ct);
        }

        if (drafts.Count > 0)
        {
            await AuditChain.AppendAsync(this, drafts, ct, rows);
        }

        await rows.FlushAsync(ct);
        await transaction.CommitAsync(ct);
    }
}

public sealed class SqliteRapportDbContext(DbContextOptions<SqliteRapportDbContext> options)
    : RapportDbContext(options);

public sealed class PostgresRapportDbContext(DbContextOptions<PostgresRapportDbContext> options)
    : RapportDbContext(options);
