using System.Data.Common;
using Rapport.Load.Running;

namespace Rapport.Load.Raw;

/// <summary>
/// The prepared statements of the raw write, column for column as the migrations create the tables (enums as their
/// names, a Guid as upper-case text and booleans as integers on SQLite, as EF Core stores them).
/// </summary>
internal sealed class RawStatements(DbConnection db, bool postgres)
{
    private readonly Dictionary<string, DbCommand> commands = [];

    private const string Sender = "SELECT \"CustomerId\" FROM contact_points WHERE \"Normalized\" = @p0 LIMIT 1";
    private const string Parent = "SELECT \"ConversationId\" FROM messages WHERE \"ProviderMessageId\" = @p0 LIMIT 1";
    private const string OpenText = "SELECT \"Id\" FROM conversations WHERE \"CustomerId\" = @p0 AND \"LastChannel\" = 'Sms' "
        + "AND \"Status\" <> 'Closed' AND \"LastMessageAt\" >= @p1 ORDER BY \"LastMessageAt\" DESC LIMIT 1";
    private const string NewCustomer = "INSERT INTO customers (\"Id\", \"Name\", \"NameNormalized\", \"Type\", \"Kind\", \"CustomerSince\", "
        + "\"LastContactAt\", \"CreatedAt\", \"UpdatedAt\", \"Version\", preferred_channel, style, technical_awareness, needs_relay_service, "
        + "needs_translator, needs_large_print, needs_extra_time) "
        + "VALUES (@p0, @p1, @p2, 'Person', 'External', @p3, @p3, @p3, @p3, @p4, 'None', 'Unknown', 'Unknown', @p5, @p5, @p5, @p5)";
    private const string NewContactPoint = "INSERT INTO contact_points (\"Id\", \"CustomerId\", \"Type\", \"Value\", \"Normalized\") "
        + "VALUES (@p0, @p1, 'Email', @p2, @p2)";
    private const string Contacted = "UPDATE customers SET \"LastContactAt\" = @p1 WHERE \"Id\" = @p0";
    private const string NewConversation = "INSERT INTO conversations (\"Id\", \"CustomerId\", \"Subject\", \"Status\", \"LastChannel\", \"CreatedAt\", "
        + "\"LastMessageAt\", \"LastMessagePreview\", \"MessageCount\") VALUES (@p0, @p1, @p2, 'Open', @p3, @p4, @p4, @p5, 1)";
    private const string Moved = "UPDATE conversations SET \"LastMessageAt\" = @p1, \"LastChannel\" = @p2, \"LastMessagePreview\" = @p3, "
        + "\"MessageCount\" = \"MessageCount\" + 1 WHERE \"Id\" = @p0";
    private const string NewMessage = "INSERT INTO messages (\"Id\", \"ConversationId\", \"CustomerId\", \"Direction\", \"Channel\", "
        + "\"ProviderMessageId\", \"From\", \"Subject\", \"Text\", \"At\", \"StoredAt\", \"InReplyTo\", \"References\", \"IsAutomatic\", "
        + "\"Delivery\", \"DeliveryAttempts\") VALUES (@p0, @p1, @p2, 'Inbound', @p3, @p4, @p5, @p6, @p7, @p8, @p8, @p9, @p9, @p10, 'None', 0)";
    private const string NewReference = "INSERT INTO message_references (\"MessageId\", \"Reference\", \"ConversationId\") VALUES (@p0, @p1, @p2)";

    private static readonly (string Sql, int Parameters)[] All =
    [
        (Sender, 1), (Parent, 1), (OpenText, 2), (NewCustomer, 6), (NewContactPoint, 3), (Contacted, 2), (NewConversation, 6), (Moved, 4),
        (NewMessage, 11), (NewReference, 3),
    ];

    /// <summary>Makes the commands on first use (each provider prepares and caches them) and enlists them in the batch's transaction.</summary>
    public void Enlist(DbTransaction transaction)
    {
        foreach (var (sql, parameters) in All)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                command = db.CreateCommand();
                command.CommandText = sql;
                for (var i = 0; i < parameters; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{i}";
                    command.Parameters.Add(parameter);
                }

                commands[sql] = command;
            }

            command.Transaction = transaction;
        }
    }

    /// <summary>Stores one message as ingestion would; returns its customer and conversation.</summary>
    public async Task<(Guid Customer, Guid Conversation)> StoreAsync(InboundCase message, string senderKey, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var body = message.Body;
        var channel = body.Channel == "email" ? "Email" : "Sms";
        var customer = await ScalarAsync(Sender, ct, senderKey);
        if (customer is null)
        {
            customer = Guid.CreateVersion7();
            await RunAsync(NewCustomer, ct, customer, senderKey, senderKey, now, Guid.NewGuid(), false);
            await RunAsync(NewContactPoint, ct, Guid.CreateVersion7(), customer, senderKey);
        }
        else
        {
            await RunAsync(Contacted, ct, customer, now);
        }

        Guid? conversation = body.InReplyTo is { } parent ? await ScalarAsync(Parent, ct, parent)
            : channel == "Sms" ? await ScalarAsync(OpenText, ct, customer, now.AddHours(-72))
            : null;
        var preview = body.Text.Length <= 200 ? body.Text : body.Text[..200];
        if (conversation is null)
        {
            conversation = Guid.CreateVersion7();
            await RunAsync(NewConversation, ct, conversation, customer, body.Subject ?? "(no subject)", channel, now, preview);
        }
        else
        {
            await RunAsync(Moved, ct, conversation, now, channel, preview);
        }

        var id = Guid.CreateVersion7();
        await RunAsync(NewMessage, ct, id, conversation, customer, channel, body.ProviderMessageId, senderKey, body.Subject, body.Text, now,
            body.InReplyTo, false);
        if (body.InReplyTo is { } reference)
        {
            await RunAsync(NewReference, ct, id, reference, conversation);
        }

        return (customer.Value, conversation.Value);
    }

    private async Task<Guid?> ScalarAsync(string sql, CancellationToken ct, params object?[] values)
    {
        var result = await Bind(sql, values).ExecuteScalarAsync(ct);
        return result switch
        {
            null or DBNull => null,
            Guid g => g,
            string s => Guid.Parse(s),
            _ => throw new InvalidOperationException($"Unexpected id {result}."),
        };
    }

    private Task<int> RunAsync(string sql, CancellationToken ct, params object?[] values) => Bind(sql, values).ExecuteNonQueryAsync(ct);

    private DbCommand Bind(string sql, object?[] values)
    {
        var command = commands[sql];
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                Guid g when !postgres => g.ToString("D").ToUpperInvariant(),
                bool b when !postgres => b ? 1L : 0L,
                var v => v,
            };
        }

        return command;
    }
}
