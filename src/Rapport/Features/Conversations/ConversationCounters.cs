using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Moves the counters of stored conversations (message count, last activity, preview, channel, reopening) when messages
/// join them, in one UPDATE per conversation relative to the row as it is when the statement runs, never from a copy read
/// earlier: replies, notes and ingestion batches on any node commit in any order and none is lost. The count is an
/// increment; the preview fields change only when the new message is at least as late as the one shown (the rule of
/// <see cref="Conversation.Add"/>). Runs inside the caller's transaction, which it requires.
/// </summary>
internal static class ConversationCounters
{
    /// <summary>What a group of messages does to one conversation.</summary>
    private sealed record Change(Guid ConversationId, int Added, Message? Latest, bool Reopens);

    public static async Task AddAsync(RapportDbContext db, IEnumerable<Message> messages, CancellationToken ct)
    {
        var changes = messages.GroupBy(m => m.ConversationId)
            .Select(g => new Change(g.Key, g.Count(), LatestActivity(g), g.Any(m => !m.IsAutomatic && m.Direction == MessageDirection.Inbound)))
            // One order of row locks for every writer, so two batches touching the same conversations cannot deadlock.
            .OrderBy(c => c.ConversationId)
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Conversation counters move inside the caller's transaction; begin one first.");
        var shape = Shape.Of(db);
        var connection = transaction.Connection!;
        if (db.IsPostgres && connection.CanCreateBatch && changes.Count > 1)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            using var carrier = connection.CreateCommand();
            foreach (var change in changes)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = shape.Sql(change);
                foreach (var parameter in shape.Parameters(carrier, change))
                {
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(ct);
            return;
        }

        foreach (var change in changes)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = shape.Sql(change);
            command.Parameters.AddRange(shape.Parameters(command, change).ToArray());
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Stored messages whose text an edit or a later part changed: a conversation whose preview shows that message (the
    /// preview's time is the message's) shows the new text. Runs inside the caller's transaction.
    /// </summary>
    public static async Task RevisedAsync(RapportDbContext db, IEnumerable<Message> revised, CancellationToken ct)
    {
        var messages = revised.Where(m => !m.IsAutomatic).OrderBy(m => m.ConversationId).ToList();
        if (messages.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Conversation previews move inside the caller's transaction; begin one first.");
        var shape = Shape.Of(db);
        foreach (var message in messages)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE {shape.Table} SET {shape.Preview.Name} = @preview WHERE {shape.Id.Name} = @id AND {shape.PreviewAt.Name} = @at";
            command.Parameters.Add(shape.Id.Parameter(command, "@id", message.ConversationId));
            command.Parameters.Add(shape.PreviewAt.Parameter(command, "@at", message.At));
            command.Parameters.Add(shape.Preview.Parameter(command, "@preview", Conversation.PreviewOf(message)));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The message that becomes the preview: the latest non-automatic one, the later in arrival order on a tie.</summary>
    private static Message? LatestActivity(IEnumerable<Message> messages)
    {
        Message? latest = null;
        foreach (var message in messages.Where(m => !m.IsAutomatic))
        {
            if (latest is null || message.At >= latest.At)
            {
                latest = message;
            }
        }

        return latest;
    }

    /// <summary>The table, columns and value mappings of conversations, as the EF model stores them.</summary>
    private sealed record Shape(string Table, Column Id, Column Count, Column At, Column Channel, Column Preview, Column PreviewAt, Column Status)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<IModel, Shape> Shapes = new();

        public static Shape Of(RapportDbContext db) => Shapes.GetOrAdd(db.Model, model =>
        {
            var entity = model.FindEntityType(typeof(Conversation))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            Column Of(string name)
            {
                var property = entity.FindProperty(name)!;
                return new Column(sql.DelimitIdentifier(property.GetColumnName(table)!), (RelationalTypeMapping)property.GetTypeMapping());
            }

            return new Shape(sql.DelimitIdentifier(table.Name, table.Schema), Of(nameof(Conversation.Id)), Of(nameof(Conversation.MessageCount)),
                Of(nameof(Conversation.LastMessageAt)), Of(nameof(Conversation.LastChannel)), Of(nameof(Conversation.LastMessagePreview)),
                Of(nameof(Conversation.LastMessagePreviewAt)), Of(nameof(Conversation.Status)));
        });

        public string Sql(Change change)
        {
            // Every right-hand side reads the row as it was before this statement, in SQLite and PostgreSQL alike.
            var sql = new StringBuilder($"UPDATE {Table} SET {Count.Name} = {Count.Name} + @added");
            if (change.Latest is not null)
            {
                // Conversations stored before the preview's own time was kept compare with their last activity instead.
                var takes = $"{Count.Name} = 0 OR @at >= COALESCE({PreviewAt.Name}, {At.Name})";
                sql.Append($", {At.Name} = CASE WHEN @at > {At.Name} THEN @at ELSE {At.Name} END")
                    .Append($", {Channel.Name} = CASE WHEN {takes} THEN @channel ELSE {Channel.Name} END")
                    .Append($", {Preview.Name} = CASE WHEN {takes} THEN @preview ELSE {Preview.Name} END")
                    .Append($", {PreviewAt.Name} = CASE WHEN {takes} THEN @at ELSE {PreviewAt.Name} END");
            }

            if (change.Reopens)
            {
                sql.Append($", {Status.Name} = CASE WHEN {Status.Name} = @closed THEN @open ELSE {Status.Name} END");
            }

            return sql.Append($" WHERE {Id.Name} = @id").ToString();
        }

        public IEnumerable<DbParameter> Parameters(DbCommand command, Change change)
        {
            yield return Id.Parameter(command, "@id", change.ConversationId);
            yield return Count.Parameter(command, "@added", change.Added);
            if (change.Latest is { } latest)
            {
                yield return At.Parameter(command, "@at", latest.At);
                yield return Channel.Parameter(command, "@channel", latest.Channel);
                yield return Preview.Parameter(command, "@preview", Conversation.PreviewOf(latest));
            }

            if (change.Reopens)
            {
                yield return Status.Parameter(command, "@closed", ConversationStatus.Closed);
                yield return Status.Parameter(command, "@open", ConversationStatus.Open);
            }
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping)
    {
        public DbParameter Parameter(DbCommand command, string name, object? value) => Mapping.CreateParameter(command, name, value, nullable: true);
    }
}
