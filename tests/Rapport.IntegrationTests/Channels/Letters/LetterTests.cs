using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Letters;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.IntegrationTests.Channels.Email;

namespace Rapport.IntegrationTests.Channels.Letters;

/// <summary>
/// Paper letters on the one timeline: an inbound letter logged with its scan (a PDF or an image, known by its content)
/// and a summary; an outbound letter drafted, printed on A4 with the customer's address (large print when their
/// profile asks) and marked posted — audited and on the timeline. Whatever is refused writes nothing.
/// </summary>
public abstract class LetterTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Address = "14 Harbour Row\nPortsmouth\nPO1 2AB";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    public static readonly byte[] Pdf = [.. "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8];
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];

    private static MultipartFormDataContent Form(string? summary, params (string Name, byte[] Bytes, string Type)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(file, "scan", name);
        }

        if (summary is not null)
        {
            form.Add(new StringContent(summary), "summary");
        }

        return form;
    }

    private async Task<JsonNode> CustomerAsync(bool largePrint = false, bool withAddress = true)
    {
        var builder = Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail("letters"));
        if (withAddress)
        {
            builder = builder.WithAddress(Address);
        }

        if (largePrint)
        {
            builder = builder.WithProfile(new JsonObject { ["needsLargePrint"] = true });
        }

        return await builder.CreateAsync(admin);
    }

    private Task<int> CountAsync(Guid customerId) => app.WithDbAsync(async db =>
        await db.Messages.CountAsync(m => m.CustomerId == customerId) + await db.Set<Letter>().CountAsync()
        + await db.Attachments.CountAsync(a => db.Messages.Any(m => m.Id == a.MessageId && m.CustomerId == customerId)));

    [Fact]
    public async Task A_letter_with_a_pdf_scan_starts_a_letter_conversation_and_is_on_the_customers_timeline()
    {
        var customer = await CustomerAsync();
        var form = Form("Asks for a refund of the cancelled crossing on 2 March.", ("letter.pdf", Pdf, "application/octet-stream"));
        form.Add(new StringContent("2026-03-01"), "receivedOn");
        form.Add(new StringContent("2026-02-27"), "datedOn");
        form.Add(new StringContent("AB/123"), "reference");

        var letter = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/letters", form)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("inbound", letter.Str("direction"));
        Assert.Equal("2026-03-01", letter.Str("receivedOn"));
        Assert.Equal("2026-02-27", letter.Str("datedOn"));
        Assert.Equal("AB/123", letter.Str("reference"));
        var scan = Assert.Single(letter["scan"]!.AsArray())!;
        Assert.Equal("letter.pdf", scan.Str("fileName"));
        // The type is the content's, not the one the browser declared.
        Assert.Equal("application/pdf", scan.Str("mediaType"));
        var download = await agent.GetAsync(scan.Str("downloadUrl"));
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());

        var conversation = await (await agent.GetAsync($"/api/v1/conversations/{letter.Str("conversationId")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("letter", conversation["conversation"]!.Str("lastChannel"));
        var message = Assert.Single(conversation["messages"]!.AsArray())!;
        Assert.Equal("letter", message.Str("channel"));
        Assert.Equal("Asks for a refund of the cancelled crossing on 2 March.", message.Str("text"));

        var item = (await agent.TimelineAsync(customer.Id())).Single(i => i!.Str("id") == letter.Id())!;
        Assert.Equal("letter", item.Str("channel"));
        Assert.Contains("refund of the cancelled crossing", item.Str("text"), StringComparison.Ordinal);
        Assert.Contains("letter.received", await AuditAsync(letter.Str("conversationId")));
    }

    [Fact]
    public async Task A_letter_with_an_image_scan_joins_an_existing_conversation()
    {
        var customer = await CustomerAsync();
        var first = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/letters", Form("First letter.", ("first.pdf", Pdf, "application/pdf"))))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = first.Str("conversationId");

        var second = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters", Form("Sends the photo of the damaged case.", ("photo.png", Png, "image/png"))))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(conversation, second.Str("conversationId"));
        Assert.Equal("image/png", second["scan"]![0]!.Str("mediaType"));
        var letters = await (await agent.GetAsync($"/api/v1/conversations/{conversation}/letters")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, letters.AsArray().Count);
        var read = await (await agent.GetAsync($"/api/v1/conversations/{conversation}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, read["conversation"]!["messageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_fake_pdf_an_oversized_scan_a_missing_scan_or_summary_are_refused_naming_the_field_and_write_nothing()
    {
        var customer = await CustomerAsync();
        var id = Guid.Parse(customer.Id());
        var before = await CountAsync(id);
        var url = $"/api/v1/customers/{customer.Id()}/letters";

        var fake = await (await agent.PostAsync(url, Form("A letter.", ("letter.pdf", [.. "MZ\x90\0this is a program"u8], "application/pdf"))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "scan");
        Assert.Contains("not a PDF or an image", fake.ToJsonString(), StringComparison.Ordinal);
        // An image named as a PDF: the name lies about the content.
        await (await agent.PostAsync(url, Form("A letter.", ("letter.pdf", Png, "application/pdf")))).ExpectProblemAsync(HttpStatusCode.BadRequest, "scan");
        var big = new byte[EmailAttachmentTests<TFactory>.PerAttachment + 1];
        Pdf.CopyTo(big, 0);
        await (await agent.PostAsync(url, Form("A letter.", ("big.pdf", big, "application/pdf")))).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "scan");
        await (await agent.PostAsync(url, Form(null, ("letter.pdf", Pdf, "application/pdf")))).ExpectProblemAsync(HttpStatusCode.BadRequest, "summary");
        await (await agent.PostAsync(url, Form("   ", ("letter.pdf", Pdf, "application/pdf")))).ExpectProblemAsync(HttpStatusCode.BadRequest, "summary");
        await (await agent.PostAsync(url, Form("No scan."))).ExpectProblemAsync(HttpStatusCode.BadRequest, "scan");
        var future = Form("From the future.", ("letter.pdf", Pdf, "application/pdf"));
        future.Add(new StringContent("2099-01-01"), "receivedOn");
        await (await agent.PostAsync(url, future)).ExpectProblemAsync(HttpStatusCode.BadRequest, "receivedOn");
        var badDate = Form("Bad date.", ("letter.pdf", Pdf, "application/pdf"));
        badDate.Add(new StringContent("yesterday"), "datedOn");
        await (await agent.PostAsync(url, badDate)).ExpectProblemAsync(HttpStatusCode.BadRequest, "datedOn");

        Assert.Equal(before, await CountAsync(id));
        await (await agent.PostAsync($"/api/v1/customers/{Guid.NewGuid()}/letters", Form("Nobody.", ("letter.pdf", Pdf, "application/pdf"))))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_outbound_letter_prints_with_the_postal_address_and_in_large_print_when_the_profile_asks()
    {
        var customer = await CustomerAsync(largePrint: true);
        await (await admin.PutAsync("/api/v1/organisation", Requests.JsonBody(new { name = "Ferry Line", postalAddress = "1 Quay Street\nSouthampton SO14 2AQ" })))
            .ExpectAsync(HttpStatusCode.OK);
        var inbound = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/letters", Form("Asks about the timetable.", ("t.pdf", Pdf, "application/pdf"))))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = inbound.Str("conversationId");

        var letter = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters/outbound", Requests.JsonBody(new { reference = "FL-77" })))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.True(letter["largePrint"]!.GetValue<bool>());
        Assert.Null(letter["postedAt"]?.GetValue<string>());
        // The built-in Letter template, rendered for the customer.
        Assert.Contains($"Dear {customer.Str("name")}", letter.Str("text"), StringComparison.Ordinal);

        var page = await agent.GetAsync(letter.Str("printUrl"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<span>14 Harbour Row</span><span>Portsmouth</span><span>PO1 2AB</span>", html, StringComparison.Ordinal);
        Assert.Contains("Ferry Line", html, StringComparison.Ordinal);
        Assert.Contains("<span>1 Quay Street</span>", html, StringComparison.Ordinal);
        Assert.Contains("Our reference: FL-77", html, StringComparison.Ordinal);
        Assert.Contains("class=\"letter large-print\"", html, StringComparison.Ordinal);
        Assert.Contains("@page{size:A4", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        // Asked for normal type this once, the page drops the large-print class.
        var normal = await (await agent.GetAsync(letter.Str("printUrl") + "?largePrint=false")).Content.ReadAsStringAsync();
        Assert.Contains("<body class=\"letter\">", normal, StringComparison.Ordinal);

        // A customer without the need, and no tick: normal type.
        var plain = await CustomerAsync();
        var plainInbound = await (await agent.PostAsync($"/api/v1/customers/{plain.Id()}/letters", Form("Hello.", ("t.pdf", Pdf, "application/pdf"))))
            .ExpectAsync(HttpStatusCode.Created);
        var plainLetter = await (await agent.PostAsync($"/api/v1/conversations/{plainInbound.Str("conversationId")}/letters/outbound",
            Requests.JsonBody(new { text = "Dear customer,\n\nYour tickets are enclosed." }))).ExpectAsync(HttpStatusCode.Created);
        Assert.False(plainLetter["largePrint"]!.GetValue<bool>());
        var plainHtml = await (await agent.GetAsync(plainLetter.Str("printUrl"))).Content.ReadAsStringAsync();
        Assert.Contains("<body class=\"letter\">", plainHtml, StringComparison.Ordinal);
        Assert.Contains("<p>Your tickets are enclosed.</p>", plainHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_a_letter_posted_keeps_the_address_is_audited_and_shows_on_the_timeline_once()
    {
        var customer = await CustomerAsync();
        var inbound = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/letters", Form("Complains about the noise.", ("n.pdf", Pdf, "application/pdf"))))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = inbound.Str("conversationId");
        var letter = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters/outbound", Requests.JsonBody(new { text = "We are sorry about the noise." })))
            .ExpectAsync(HttpStatusCode.Created);
        // A draft is not sent: nothing queued, no delivery claimed.
        Assert.Equal("none", (await agent.MessageAsync(conversation, letter.Id())).Str("delivery"));
        Assert.False(await app.WithDbAsync(db => db.OutboxItems.AnyAsync(o => o.SubjectId == Guid.Parse(letter.Id()))));

        var posted = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters/{letter.Id()}/posted", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("14 Harbour Row, Portsmouth, PO1 2AB", posted.Str("postalAddress"));
        Assert.NotNull(posted["postedAt"]);
        Assert.Equal("sent", (await agent.MessageAsync(conversation, letter.Id())).Str("delivery"));
        Assert.Contains("letter.posted", await AuditAsync(conversation));
        var timeline = await agent.TimelineAsync(customer.Id());
        Assert.Contains(timeline, i => i!.Str("text").Contains("Letter posted to 14 Harbour Row, Portsmouth, PO1 2AB", StringComparison.Ordinal));
        Assert.Contains(timeline, i => i!.Str("id") == letter.Id() && i!.Str("channel") == "letter" && i!.Str("direction") == "outbound");

        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters/{letter.Id()}/posted", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters/{inbound.Id()}/posted", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_postal_address_printing_and_posting_are_refused_naming_the_field()
    {
        var customer = await CustomerAsync(withAddress: false);
        var inbound = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/letters", Form("Writes with no return address.", ("a.pdf", Pdf, "application/pdf"))))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = inbound.Str("conversationId");
        var letter = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters/outbound", Requests.JsonBody(new { text = "Thank you." })))
            .ExpectAsync(HttpStatusCode.Created);

        var problem = await (await agent.GetAsync(letter.Str("printUrl"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "postalAddress");
        Assert.Contains("has no postal address", problem.ToJsonString(), StringComparison.Ordinal);
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/letters/{letter.Id()}/posted", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "postalAddress");
        Assert.Null(await app.WithDbAsync(db => db.Set<Letter>().Where(l => l.MessageId == Guid.Parse(letter.Id())).Select(l => l.PostedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_reply_a_referral_message_and_a_delay_explanation_on_a_letter_become_letter_drafts_not_sent_messages()
    {
        var customer = await CustomerAsync(largePrint: true);
        var inbound = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/letters", Form("Asks for a call back.", ("c.pdf", Pdf, "application/pdf"))))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = inbound.Str("conversationId");

        var reply = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "We will call you on Monday." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("letter", reply.Str("channel"));
        Assert.Equal("none", reply.Str("delivery"));

        var colleague = await app.CreateStaffAsync(Roles.Agent);
        var referral = await (await agent.PostAsync("/api/v1/referrals", Requests.JsonBody(new
        {
            conversationId = conversation,
            toUserId = colleague.Id,
            reason = "Knows the timetable",
            customerMessage = "My colleague will write to you.",
        }))).ExpectAsync(HttpStatusCode.Created);
        var told = Guid.Parse(referral.Str("customerMessageId"));

        var theCase = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = conversation, title = "Call back" })))
            .ExpectAsync(HttpStatusCode.Created);
        var delay = await (await agent.PostAsync($"/api/v1/service-standards/cases/{theCase["case"]!.Id()}/delay-explanation",
            Requests.JsonBody(new { text = "I am sorry this is taking longer." }))).ExpectAsync(HttpStatusCode.Accepted);

        var letters = (await (await agent.GetAsync($"/api/v1/conversations/{conversation}/letters")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        foreach (var id in new[] { reply.Id(), told.ToString(), delay.Id() })
        {
            var draft = letters.Single(l => l!.Id() == id)!;
            Assert.Equal("outbound", draft.Str("direction"));
            Assert.True(draft["largePrint"]!.GetValue<bool>());
            Assert.Null(draft["postedAt"]?.GetValue<string>());
        }

        var ids = new[] { Guid.Parse(reply.Id()), told, Guid.Parse(delay.Id()) };
        Assert.False(await app.WithDbAsync(db => db.OutboxItems.AnyAsync(o => ids.Contains(o.SubjectId))));
        Assert.All(await app.WithDbAsync(db => db.Messages.Where(m => ids.Contains(m.Id)).Select(m => m.Delivery).ToListAsync()),
            d => Assert.Equal(DeliveryState.None, d));
    }

    [Fact]
    public async Task Someone_who_may_not_see_the_conversation_gets_404_everywhere_and_writes_nothing()
    {
        var member = await app.CreateStaffAsync(Roles.Agent);
        var outsider = app.ClientWithToken(await app.IssueTokenAsync((await app.CreateStaffAsync(Roles.Agent)).Id, "outsider"));
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Letters " + Unique.Letters(), restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { member.Id } }))).ExpectAsync(HttpStatusCode.OK);
        var customer = await CustomerAsync();
        var inbound = await (await admin.PostAsync($"/api/v1/customers/{customer.Id()}/letters", Form("Private matter.", ("p.pdf", Pdf, "application/pdf"))))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = inbound.Str("conversationId");
        await (await admin.PostAsync($"/api/v1/conversations/{conversation}/assign", Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        var letter = await (await admin.PostAsync($"/api/v1/conversations/{conversation}/letters/outbound", Requests.JsonBody(new { text = "Private answer." })))
            .ExpectAsync(HttpStatusCode.Created);
        var before = await CountAsync(Guid.Parse(customer.Id()));

        await (await outsider.GetAsync($"/api/v1/conversations/{conversation}/letters")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync(letter.Str("printUrl"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/conversations/{conversation}/letters", Form("Peek.", ("p.pdf", Pdf, "application/pdf")))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/conversations/{conversation}/letters/outbound", Requests.JsonBody(new { text = "Peek." }))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/conversations/{conversation}/letters/{letter.Id()}/posted", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await CountAsync(Guid.Parse(customer.Id())));
        Assert.DoesNotContain(await outsider.TimelineAsync(customer.Id()), i => i!.Str("id") == letter.Id() || i!.Str("id") == inbound.Id());

        // An auditor reads but may not write: logging a letter is refused before anything is looked at.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await app.ClientAs(Roles.Auditor).PostAsync($"/api/v1/customers/{customer.Id()}/letters", Form("Audit.", ("p.pdf", Pdf, "application/pdf")))).StatusCode);
        Assert.Equal(before, await CountAsync(Guid.Parse(customer.Id())));
        // A member of the team sees and prints it through the same paths.
        var memberClient = app.ClientWithToken(await app.IssueTokenAsync(member.Id, "member"));
        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync(letter.Str("printUrl"))).StatusCode);
    }

    private Task<List<string>> AuditAsync(string conversationId) =>
        app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectType == "conversation" && e.SubjectId == conversationId).Select(e => e.Action).ToListAsync());
}

public sealed class LetterTestsOnSqlite(AttachmentLimitsOnSqlite app) : LetterTests<AttachmentLimitsOnSqlite>(app);

public sealed class LetterTestsOnPostgres(AttachmentLimitsOnPostgres app) : LetterTests<AttachmentLimitsOnPostgres>(app);
