using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Channels.WebChat;
using Rapport.Features.Identity;
using Rapport.Infrastructure.RealTime;

namespace Rapport.IntegrationTests.Channels.WebChat;

/// <summary>A visitor connected to one node and an agent served by another chat as if they shared a node (PostgreSQL backplane).</summary>
public sealed class ChatAcrossNodesTests(PostgresRapportFactory app) : IClassFixture<PostgresRapportFactory>
{
    private const string Origin = "https://www.harbour-hotel.test";
    private readonly WebApplicationFactory<Program> other = Started(app.AnotherNode());

    private static WebApplicationFactory<Program> Started(WebApplicationFactory<Program> node)
    {
        node.CreateClient().Dispose();
        return node;
    }

    [Fact]
    public async Task An_agents_reply_on_one_node_reaches_the_visitors_socket_on_the_other_and_the_visitors_typing_comes_back()
    {
        var admin = app.ClientAs(Roles.Administrator);
        var site = await ChatVisitorClient.CreateSiteAsync(admin, Origin);
        var visitor = new ChatVisitorClient(other.CreateClient(), Origin);
        await visitor.StartAsync(site);
        var said = await visitor.SayAsync("Is there a lift to the fourth floor?");
        var conversation = await app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(said["messageId"]!.GetValue<string>()))
            .Select(m => m.ConversationId).SingleAsync());

        var client = other.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Origin = Origin;
        using var socket = await client.ConnectAsync(new Uri(other.Server.BaseAddress, "/chat/v1/socket"), CancellationToken.None);
        await ChatSockets.SendAsync(socket, new { type = "hello", token = visitor.Token });
        Assert.Equal("feed", (await ChatSockets.ReceiveAsync(socket, TimeSpan.FromSeconds(15)))!["type"]!.GetValue<string>());

        var reply = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "Yes, next to reception." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        await app.RunOutboxUntilAsync(async () => await app.WithDbAsync(db => db.Messages.AnyAsync(m => m.Id == Guid.Parse(reply.Id())
            && m.Delivery != Rapport.Features.Conversations.DeliveryState.Queued)), "the reply sent");

        // The other node's listener may start a moment after its host: repeat the signal until it is heard.
        JsonNode? news = null;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (news is null && DateTime.UtcNow < deadline)
        {
            news = await ChatSockets.ReceiveAsync(socket, TimeSpan.FromMilliseconds(500));
            if (news is null)
            {
                app.Services.GetRequiredService<ChatRelay>().ConversationChanged(conversation);
            }
        }

        Assert.NotNull(news);
        Assert.Contains(news["messages"]!.AsArray(), m => m!["text"]!.GetValue<string>() == "Yes, next to reception.");

        await ChatSockets.SendAsync(socket, new { type = "typing" });
        var presence = app.Services.GetRequiredService<IPresence>();
        var seen = DateTime.UtcNow.AddSeconds(40);
        while (!presence.Present(conversation).Any(p => p.IsTyping && p.Name.StartsWith("Website visitor", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < seen, "the agent's node never saw the visitor typing");
            await Task.Delay(200);
        }
    }
}
