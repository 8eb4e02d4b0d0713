using System.Text.Json.Nodes;

namespace Rapport.IntegrationTests.Support;

/// <summary>A message for <c>POST /api/v1/inbound-messages</c>: <c>Inbound.AnEmail().From("ann@example.com").InReplyTo(id)</c>.</summary>
public sealed class InboundBuilder
{
    private readonly JsonObject body;

    public InboundBuilder(string channel, JsonObject from)
    {
        body = new JsonObject
        {
            ["channel"] = channel,
            ["providerMessageId"] = channel == "email" ? $"<{Unique.Letters()}@customer.example>" : $"{channel}-{Unique.Letters()}",
            ["from"] = from,
            ["text"] = "Hello, I have a question.",
        };
    }

    /// <summary>The provider's id: a Message-ID for email, a message sid for SMS and chat.</summary>
    public string ProviderMessageId => body["providerMessageId"]!.GetValue<string>();

    public InboundBuilder WithId(string providerMessageId) => Set("providerMessageId", providerMessageId);

    public InboundBuilder Text(string text) => Set("text", text);

    public InboundBuilder Subject(string subject) => Set("subject", subject);

    public InboundBuilder Html(string html) => Set("html", html);

    public InboundBuilder To(string to) => Set("to", to);

    public InboundBuilder SentAt(DateTime at) => Set("sentAt", at);

    public InboundBuilder InReplyTo(string messageId) => Set("inReplyTo", messageId);

    public InboundBuilder References(params string[] messageIds) => Set("references", new JsonArray(messageIds.Select(id => (JsonNode)id).ToArray()));

    public InboundBuilder Set(string field, JsonNode? value)
    {
        body[field] = value;
        return this;
    }

    public override string ToString() => body.ToJsonString();

    public Task<HttpResponseMessage> PostAsync(HttpClient client) => client.PostAsync("/api/v1/inbound-messages", Requests.JsonBody(ToString()));

    /// <summary>Posts the message and returns what ingestion did with it (201: stored as new).</summary>
    public async Task<JsonNode> ReceiveAsync(HttpClient client) => await (await PostAsync(client)).ExpectAsync(HttpStatusCode.Created);
}

public static class Inbound
{
    public static InboundBuilder AnEmail(string? from = null) => new("email", new JsonObject { ["email"] = from ?? CustomerBuilder.UniqueEmail() });

    public static InboundBuilder AnSms(string phone) => new("sms", new JsonObject { ["phone"] = phone });

    public static InboundBuilder AChat(string handle, string network = "telegram") => new("chat", new JsonObject { ["handle"] = handle, ["network"] = network });

    /// <summary>A phone number no other test uses, in international form (+44 20 3xxx xxxx).</summary>
    public static string UniqueInternationalPhone() => "+44 " + CustomerBuilder.UniqueUkPhone()[1..];
}

/// <summary>Reading what ingestion answered and what the API shows.</summary>
public static class IngestResults
{
    public static string MessageId(this JsonNode result) => result.Str("messageId");

    public static string ConversationId(this JsonNode result) => result.Str("conversationId");

    public static string CustomerId(this JsonNode result) => result.Str("customerId");

    public static bool Flag(this JsonNode node, string name) => node[name]?.GetValue<bool>() ?? false;

    public static async Task<JsonNode> ConversationAsync(this HttpClient client, string id) =>
        await (await client.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK);

    /// <summary>One message as the conversation view shows it.</summary>
    public static async Task<JsonNode> MessageAsync(this HttpClient client, string conversationId, string messageId)
    {
        var conversation = await client.ConversationAsync(conversationId);
        return conversation["messages"]!.AsArray().Single(m => m!.Id() == messageId)!;
    }
}
