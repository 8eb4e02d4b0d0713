using Rapport.Features.Audit;

namespace Rapport.UnitTests.Audit;

public sealed class AuditHashTests
{
    private static AuditEntry Entry(string actorId = "u1", string actorName = "Amira Agent", string changes = """{"name":{"before":null,"after":"Ada"}}""",
        string? reason = null, long sequence = 7, string previous = AuditChain.Genesis) => new()
        {
            Sequence = sequence,
            At = new DateTime(2025, 6, 1, 9, 30, 15, 123, DateTimeKind.Utc).AddTicks(4560),
            ActorId = actorId,
            ActorName = actorName,
            Action = "customer.added",
            SubjectType = "customer",
            SubjectId = "0197a0a0-0000-7000-8000-000000000001",
            Changes = changes,
            Reason = reason,
            PreviousHash = previous,
            Hash = "",
        };

    [Fact]
    public void The_same_entry_always_hashes_the_same()
    {
        Assert.Equal(AuditChain.ComputeHash(Entry()), AuditChain.ComputeHash(Entry()));
    }

    [Fact]
    public void The_hash_format_does_not_change_under_existing_chains()
    {
        // Every stored chain was sealed with this canonical form; changing it would report every database as tampered with.
        Assert.Equal("750b93dcf4dbcdb2dfd0c404b63786eb23d906040c41831a09f6a84109ea0eee", AuditChain.ComputeHash(Entry()));
    }

    [Fact]
    public void Any_change_to_the_content_or_link_changes_the_hash()
    {
        var original = AuditChain.ComputeHash(Entry());

        Assert.NotEqual(original, AuditChain.ComputeHash(Entry(changes: """{"name":{"before":null,"after":"Eve"}}""")));
        Assert.NotEqual(original, AuditChain.ComputeHash(Entry(reason: "typo")));
        Assert.NotEqual(original, AuditChain.ComputeHash(Entry(sequence: 8)));
        Assert.NotEqual(original, AuditChain.ComputeHash(Entry(actorName: "Someone Else")));
        Assert.NotEqual(original, AuditChain.ComputeHash(Entry(previous: new string('1', 64))));
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        Assert.NotEqual(AuditChain.ComputeHash(Entry(actorId: "u1", actorName: "Amira")),
            AuditChain.ComputeHash(Entry(actorId: "u1A", actorName: "mira")));
    }

    [Fact]
    public void Sealing_links_to_the_previous_hash_and_stores_a_verifiable_hash()
    {
        var draft = new AuditDraft("customer.added", "customer", Guid.NewGuid().ToString(), "{}");
        var first = AuditEntry.Seal(1, DateTime.UtcNow, "u1", "Amira", draft, null, AuditChain.Genesis);
        var second = AuditEntry.Seal(2, DateTime.UtcNow, "u1", "Amira", draft, "why", first.Hash);

        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(64, first.Hash.Length);
        Assert.Equal(first.Hash, AuditChain.ComputeHash(Entry(first)));
        Assert.Equal(second.Hash, AuditChain.ComputeHash(Entry(second)));
    }

    [Fact]
    public void A_sealed_entry_hashes_the_digest_of_its_changes_so_they_can_be_redacted_without_changing_its_hash()
    {
        var draft = new AuditDraft("customer.updated", "customer", Guid.NewGuid().ToString(), """{"name":{"before":"Ann","after":"Eve"}}""");
        var entry = AuditEntry.Seal(1, DateTime.UtcNow, "u1", "Amira", draft, null, AuditChain.Genesis);
        var redacted = new AuditEntry
        {
            Sequence = entry.Sequence,
            At = entry.At,
            ActorId = entry.ActorId,
            ActorName = entry.ActorName,
            Action = entry.Action,
            SubjectType = entry.SubjectType,
            SubjectId = entry.SubjectId,
            Changes = AuditRedaction.Marker(Guid.NewGuid()),
            ChangesDigest = entry.ChangesDigest,
            Reason = null,
            PreviousHash = entry.PreviousHash,
            Hash = "",
        };

        Assert.Equal(AuditRedaction.DigestOf(draft.Changes), entry.ChangesDigest);
        Assert.Equal(entry.Hash, AuditChain.ComputeHash(redacted));
        Assert.NotEqual(entry.Hash, AuditChain.ComputeHash(new AuditEntry
        {
            Sequence = entry.Sequence,
            At = entry.At,
            ActorId = entry.ActorId,
            ActorName = entry.ActorName,
            Action = entry.Action,
            SubjectType = entry.SubjectType,
            SubjectId = entry.SubjectId,
            Changes = redacted.Changes,
            ChangesDigest = AuditRedaction.DigestOf(redacted.Changes),
            Reason = null,
            PreviousHash = entry.PreviousHash,
            Hash = "",
        })); // a forged digest does not fit
    }

    // ComputeHash must ignore the stored hash itself.
    private static AuditEntry Entry(AuditEntry sealedEntry) => new()
    {
        Sequence = sealedEntry.Sequence,
        At = sealedEntry.At,
        ActorId = sealedEntry.ActorId,
        ActorName = sealedEntry.ActorName,
        Action = sealedEntry.Action,
        SubjectType = sealedEntry.SubjectType,
        SubjectId = sealedEntry.SubjectId,
        Changes = sealedEntry.Changes,
        ChangesDigest = sealedEntry.ChangesDigest,
        Reason = sealedEntry.Reason,
        PreviousHash = sealedEntry.PreviousHash,
        Hash = "whatever",
    };
}
