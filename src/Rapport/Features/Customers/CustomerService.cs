using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>Every change to customer records, shared by the API, the agent UI, CSV import and the CLI.</summary>
public sealed class CustomerService(RapportDbContext db, ContactPointRules rules, TimeProvider time,
    IEnumerable<ICustomerMergeParticipant> mergeParticipants)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task<Customer?> FindAsync(Guid id, CancellationToken ct) => db.Customers
        .Include(c => c.ContactPoints)
        .Include(c => c.ConfidentialDetails)
        .AsSplitQuery()
        .FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Customer> CreateAsync(CreateCustomerRequest request, CancellationToken ct)
    {
        var customer = Build(request);
        var created = await Webhooks.WebhookEvents.PrepareAsync(db, Webhooks.WebhookEvents.CustomerCreated,
            [new { customer.Id, customer.Name, customer.Kind }], Now, ct);
        if (db.Database.CurrentTransaction is not null || db.ChangeTracker.Entries().Any())
        {
            // Part of a larger unit of work: saved with it.
            db.Customers.Add(customer);
            db.WebhookDeliveries.AddRange(created.Deliveries);
            db.OutboxItems.AddRange(created.Outbox);
            await db.SaveChangesAsync(ct);
            return customer;
        }

        // A new record is rows to insert, nothing to track: written with plain SQL and audited as a save would be.
        await db.InsertAuditedAsync([customer],
            [RowSet.Of([customer]), RowSet.Of(customer.ContactPoints), RowSet.Of(created.Deliveries), RowSet.Of(created.Outbox)], ct);
        return customer;
    }

    /// <summary>Validates a create request and builds the record without saving it (CSV import saves in batches).</summary>
    public Customer Build(CreateCustomerRequest request)
    {
        RequireName(request.Name);
        RequireDefined(request.Kind, "kind");
        RequireDefined(request.Type, "type");
        var customer = Customer.Create(request.Name, request.Type, request.Kind, request.Organisation, Now, request.CustomerSince?.ToUniversalTime());
        if (request.Profile is not null)
        {
            customer.SetProfile(request.Profile.ToProfile(), Now);
        }

        var points = request.ContactPoints ?? [];
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i] ?? throw new InvalidInputException($"contactPoints[{i}]", "A contact point cannot be null.");
            customer.AddContactPoint(rules.Create(p.Type, p.Value, p.Network, p.Label, $"contactPoints[{i}].value"), Now);
        }

        return customer;
    }

    public Task<Customer?> UpdateAsync(Guid id, UpdateCustomerRequest request, Guid? ifMatch, CancellationToken ct) =>
        EditAsync(id, request, [], [], ifMatch, ct);

    /// <summary>
    /// Replaces the descriptive fields and profile and adds or removes contact points, in one save (the agent UI's edit
    /// form). Every new point is validated before anything changes; its errors name "contactPoints[i].…" by its index
    /// in <paramref name="added"/>.
    /// </summary>
    public async Task<Customer?> EditAsync(Guid id, UpdateCustomerRequest request, IReadOnlyList<ContactPointRequest> added,
        IReadOnlyCollection<Guid> removed, Guid? ifMatch, CancellationToken ct)
    {
        RequireName(request.Name);
        RequireDefined(request.Kind, "kind");
        RequireDefined(request.Type, "type");
        var points = added.Select((p, i) => rules.Create(p.Type, p.Value, p.Network, p.Label, $"contactPoints[{i}].value")).ToList();
        var customer = await FindLiveAsync(id, ifMatch, ct);
        if (customer is null)
        {
            return null;
        }

        db.Audit.Reason = request.Reason;
        customer.Describe(request.Name, request.Type, request.Kind, request.Organisation, Now);
        if (request.Profile is not null)
        {
            customer.SetProfile(request.Profile.ToProfile(), Now);
        }

        foreach (var pointId in removed)
        {
            customer.RemoveContactPoint(pointId, Now);
        }

        foreach (var point in points)
        {
            customer.AddContactPoint(point, Now);
        }

        await db.SaveChangesAsync(ct);
        return customer;
    }

    public async Task<(Customer Customer, ContactPoint Point)?> AddContactPointAsync(Guid id, ContactPointRequest request, Guid? ifMatch, CancellationToken ct)
    {
        var point = rules.Create(request.Type, request.Value, request.Network, request.Label);
        var customer = await FindLiveAsync(id, ifMatch, ct);
        if (customer is null)
        {
            return null;
        }

        var kept = customer.AddContactPoint(point, Now);
        await db.SaveChangesAsync(ct);
        return (customer, kept);
    }

    public async Task<bool> RemoveContactPointAsync(Guid id, Guid contactPointId, CancellationToken ct)
    {
        var customer = await FindLiveAsync(id, null, ct);
        if (customer is null || !customer.RemoveContactPoint(contactPointId, Now))
        {
            return false;
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<CustomerNote?> AddNoteAsync(Guid id, string body, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new InvalidInputException("body", "A note cannot be empty.");
        }

        var customer = await FindLiveAsync(id, null, ct);
        if (customer is null)
        {
            return null;
        }

        var note = customer.AddNote(body, db.Audit.ActorId, db.Audit.ActorName, Now);
        await db.SaveChangesAsync(ct);
        return note;
    }

    public Task<List<CustomerNote>> NotesAsync(Guid id, CancellationToken ct) =>
        db.CustomerNotes.AsNoTracking().Where(n => n.CustomerId == id).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).ToListAsync(ct);

    public async Task<ConfidentialDetail?> AddConfidentialDetailAsync(Guid id, AddConfidentialDetailRequest request, CancellationToken ct)
    {
        RequireDefined(request.Level, "level");
        if (string.IsNullOrWhiteSpace(request.Label) || string.IsNullOrWhiteSpace(request.Value))
        {
            throw new InvalidInputException(string.IsNullOrWhiteSpace(request.Label) ? "label" : "value", "Label and value are required.");
        }

        var customer = await FindLiveAsync(id, null, ct);
        if (customer is null)
        {
            return null;
        }

        var detail = customer.AddConfidentialDetail(request.Label, request.Value, request.Level, Now);
        await db.SaveChangesAsync(ct);
        return detail;
    }

    /// <summary>Marks every email contact point with this address as failing (a bounce said it does not exist).</summary>
    public async Task<int> MarkEmailFailingAsync(string address, string reason, CancellationToken ct)
    {
        var key = address.Trim().ToLowerInvariant();
        var points = await db.ContactPoints.Where(p => p.Type == ContactPointType.Email && p.Normalized == key).ToListAsync(ct);
        foreach (var point in points)
        {
            point.MarkFailing(reason, Now);
        }

        await db.SaveChangesAsync(ct);
        return points.Count;
    }

    /// <summary>Merges <paramref name="duplicateId"/> into <paramref name="survivorId"/> in one transaction.</summary>
    public async Task<Customer?> MergeAsync(Guid survivorId, Guid duplicateId, string? reason, CancellationToken ct)
    {
        if (survivorId == duplicateId)
        {
            throw new InvalidInputException("duplicateId", "A customer cannot be merged into itself.");
        }

        var survivor = await LoadWholeAsync(survivorId, ct);
        if (survivor is null)
        {
            return null;
        }

        var duplicate = await LoadWholeAsync(duplicateId, ct)
            ?? throw new InvalidInputException("duplicateId", $"No customer has the id '{duplicateId}'.");
        if (survivor.MergedIntoId is not null)
        {
            throw new InvalidInputException("id", "This customer was itself merged into another record; merge into that one.");
        }

        if (duplicate.MergedIntoId is not null)
        {
            throw new InvalidInputException("duplicateId", "That customer has already been merged into another record.");
        }

        Customer.RefuseIfErased(survivor.ErasedAt ?? duplicate.ErasedAt);

        var moved = new
        {
            duplicateId,
            duplicateName = duplicate.Name,
            survivorId,
            contactPoints = duplicate.ContactPoints.Count,
            notes = duplicate.Notes.Count,
            confidentialDetails = duplicate.ConfidentialDetails.Count,
        };
        survivor.Absorb(duplicate, Now);
        foreach (var earlier in await db.Customers.Where(c => c.MergedIntoId == duplicateId).ToListAsync(ct))
        {
            earlier.RedirectMergeTo(survivorId, Now);
        }

        db.Audit.Reason = reason;
        db.Audit.Record("customer.merged", "customer", survivorId, moved);
        db.Audit.Record("customer.mergedInto", "customer", duplicateId, moved);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
        foreach (var participant in mergeParticipants)
        {
            await participant.OnMergedAsync(survivorId, duplicateId, ct);
        }

        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return survivor;
    }

    public async Task<bool> DeleteAsync(Guid id, string? reason, CancellationToken ct)
    {
        var customer = await LoadWholeAsync(id, ct);
        if (customer is null)
        {
            return false;
        }

        db.Audit.Reason = reason;
        db.Customers.Remove(customer);
        db.Customers.RemoveRange(await db.Customers.Where(c => c.MergedIntoId == id).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The ids whose history belongs to this customer: itself and every record merged into it.</summary>
    public async Task<List<string>> HistoryIdsAsync(Guid id, CancellationToken ct)
    {
        var ids = await db.Customers.AsNoTracking().Where(c => c.MergedIntoId == id).Select(c => c.Id).ToListAsync(ct);
        ids.Add(id);
        return ids.Select(i => i.ToString()).ToList();
    }

    private Task<Customer?> LoadWholeAsync(Guid id, CancellationToken ct) => db.Customers
        .Include(c => c.ContactPoints).Include(c => c.Notes).Include(c => c.ConfidentialDetails)
        .AsSplitQuery()
        .FirstOrDefaultAsync(c => c.Id == id, ct);

    private async Task<Customer?> FindLiveAsync(Guid id, Guid? ifMatch, CancellationToken ct)
    {
        var customer = await FindAsync(id, ct);
        if (customer?.MergedIntoId is { } survivor)
        {
            throw new InvalidInputException("id", $"This customer was merged into {survivor}; change that record instead.");
        }

        Customer.RefuseIfErased(customer?.ErasedAt);

        if (customer is not null && ifMatch is { } expected && expected != customer.Version)
        {
            throw new DbUpdateConcurrencyException("If-Match does not match the current version.");
        }

        return customer;
    }

    private static void RequireName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidInputException("name", "A customer needs a name.");
        }

        if (name.Trim().Length > Customer.NameMaxLength)
        {
            throw new InvalidInputException("name", $"A name is at most {Customer.NameMaxLength} characters.");
        }

        if (NoControlCharactersAttribute.HasControlCharacters(name.Trim()))
        {
            throw new InvalidInputException("name", NoControlCharactersAttribute.Message);
        }
    }

    private static void RequireDefined<T>(T value, string field) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new InvalidInputException(field, $"'{value}' is not one of: {string.Join(", ", Enum.GetNames<T>())}.");
        }
    }
}
