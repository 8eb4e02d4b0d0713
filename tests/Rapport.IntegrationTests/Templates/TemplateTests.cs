using System.Text.Json.Nodes;
using Rapport.Features.Identity;
using Rapport.Features.Templates;

namespace Rapport.IntegrationTests.Templates;

/// <summary>
/// Reply templates (C18) through the API: saving checks the Liquid and the placeholders, SMS templates count their parts,
/// the best template is chosen by channel and language with fallbacks, a preview fills in a real customer, and the delay
/// and referral texts Rapport writes come from templates. Each test uses a purpose of its own, so their templates do not
/// compete for the same reply.
/// </summary>
public abstract class TemplateTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task Saving_refuses_an_unknown_placeholder_or_a_syntax_error_naming_the_body_with_the_line_and_reason()
    {
        var unknown = await (await supervisor.PostAsync("/api/v1/templates", Template("free", "Hello,\nDear {{ customer.nmae }}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        var reason = unknown["errors"]!["body"]![0]!.GetValue<string>();
        Assert.StartsWith("Line 2: 'customer.nmae' is not a placeholder.", reason, StringComparison.Ordinal);

        var broken = await (await supervisor.PostAsync("/api/v1/templates", Template("free", "Hello\n\n{% if customer.name %}Dear {{ customer.name }}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.StartsWith("Line 3: ", broken["errors"]!["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("endif", broken["errors"]!["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        await (await supervisor.PostAsync("/api/v1/templates", Template("free", "Hi {{ customer.name }}", language: "xx-notalanguage")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "language");
        Assert.Empty((await (await agent.GetAsync("/api/v1/templates?purpose=free")).ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Templates_are_created_read_filtered_changed_and_deleted_and_built_in_ones_only_edited()
    {
        var name = $"Closing {Unique.Letters()}";
        var created = await (await supervisor.PostAsync("/api/v1/templates", Template("closing", "Kind regards, {{ agent.name }}", name, "fr-fr", "email")))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("fr-FR", created.Str("language"));
        Assert.Equal("email", created.Str("channel"));
        Assert.Null(created["sms"]);
        var id = created.Id();

        var listed = (await (await agent.GetAsync("/api/v1/templates?purpose=closing&channel=email&language=fr-FR")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(id, Assert.Single(listed)!.Id());
        Assert.Empty((await (await agent.GetAsync("/api/v1/templates?purpose=closing&channel=any")).ExpectAsync(HttpStatusCode.OK)).AsArray());
        await (await agent.GetAsync("/api/v1/templates?channel=pigeon")).ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");

        var changed = await (await admin.PutAsync($"/api/v1/templates/{id}", Template("closing", "Bien à vous, {{ agent.first_name }}", name, "fr-FR")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("any", changed.Str("channel"));
        Assert.Equal("Bien à vous, {{ agent.first_name }}", (await (await agent.GetAsync($"/api/v1/templates/{id}")).ExpectAsync(HttpStatusCode.OK)).Str("body"));
        await (await supervisor.PostAsync("/api/v1/templates", Template("closing", "Again", name))).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");

        await (await admin.DeleteAsync($"/api/v1/templates/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await agent.GetAsync($"/api/v1/templates/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await admin.DeleteAsync($"/api/v1/templates/{BuiltInTemplates.ReferralId}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await admin.PutAsync($"/api/v1/templates/{BuiltInTemplates.ReferralId}", Template("free", "Changed", "Referral: passing the customer on")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "purpose");
        var placeholders = (await (await agent.GetAsync("/api/v1/templates/placeholders")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Contains(placeholders, p => p!.Str("path") == "promise.due");
    }

    [Fact]
    public async Task An_sms_template_reports_its_segments_by_gsm_7_and_ucs_2_rules()
    {
        var gsm = await (await supervisor.PostAsync("/api/v1/templates",
            Template("followUp", "Hi {{ customer.first_name }}, " + new string('a', 152), channel: "sms"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("GSM-7", gsm["sms"]!.Str("encoding"));
        Assert.Equal(1, gsm["sms"]!["segments"]!.GetValue<int>()); // "Hi Ada, " and 152 letters: 160 septets, one part
        var split = await (await supervisor.PostAsync("/api/v1/templates",
            Template("followUp", "Hi {{ customer.first_name }}, [" + new string('a', 151), channel: "sms"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((2, 161), (split["sms"]!["segments"]!.GetValue<int>(), split["sms"]!["characters"]!.GetValue<int>())); // '[' takes two septets
        var ucs = await (await supervisor.PostAsync("/api/v1/templates",
            Template("followUp", "Hi {{ customer.first_name }} 🙂 " + new string('a', 61), channel: "sms"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("UCS-2", ucs["sms"]!.Str("encoding"));
        Assert.Equal((2, 71), (ucs["sms"]!["segments"]!.GetValue<int>(), ucs["sms"]!["characters"]!.GetValue<int>())); // 71 UTF-16 units > 70
    }

    [Fact]
    public async Task The_best_template_follows_the_conversation_channel_and_customer_language_then_any_channel_then_the_default_language()
    {
        var english = await CreateAsync("apology", "Sorry, {{ customer.first_name }}.", "en-GB");
        var frenchAny = await CreateAsync("apology", "Désolé, {{ customer.first_name }}.", "fr-FR");
        var frenchSms = await CreateAsync("apology", "Désolé {{ customer.first_name }} (SMS)", "fr-FR", "sms");
        var germanSms = await CreateAsync("apology", "Deutsch per SMS", "de-DE", "sms");

        var frenchOnSms = await ConversationAsync("Amélie Poulain", "fr-FR", sms: true);
        var frenchOnEmail = await ConversationAsync("Amélie Poulain", "fr-FR", sms: false);
        var italianOnSms = await ConversationAsync("Dario Fo", "it-IT", sms: true);

        var sms = await RenderAsync(frenchOnSms, "apology");
        Assert.Equal((frenchSms, "Désolé Amélie (SMS)"), (sms.Str("templateId"), sms.Str("text")));
        Assert.Equal("sms", sms.Str("channel"));
        Assert.Equal(1, sms["sms"]!["segments"]!.GetValue<int>());
        var email = await RenderAsync(frenchOnEmail, "apology");
        Assert.Equal((frenchAny, "Désolé, Amélie."), (email.Str("templateId"), email.Str("text")));
        Assert.Null(email["sms"]);
        var fallback = await RenderAsync(italianOnSms, "apology");
        Assert.Equal((english, "Sorry, Dario."), (fallback.Str("templateId"), fallback.Str("text")));

        var matching = (await (await agent.GetAsync($"/api/v1/templates/matching?conversationId={frenchOnSms}")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var apologies = matching.Where(m => m!.Str("purpose") == "apology").Select(m => m!.Id()).ToList();
        // German on SMS fits the channel but neither the customer's language nor the default one: last.
        Assert.Equal([frenchSms, frenchAny, english, germanSms], apologies);
        Assert.True(matching.Single(m => m!.Id() == frenchSms)!["best"]!.GetValue<bool>());
        // Only the built-in greeting exists, in English: it is used rather than nothing, its date in the customer's language.
        var greeting = await RenderAsync(frenchOnSms, "greetingReturning");
        Assert.Equal(BuiltInTemplates.GreetingReturningId.ToString(), greeting.Str("templateId"));
        Assert.StartsWith("Welcome back, Amélie! Thank you for being with us since ", greeting.Str("text"), StringComparison.Ordinal);
        Assert.Matches(@"since \p{Ll}+ 20\d\d\.$", greeting.Str("text"));
    }

    [Fact]
    public async Task A_preview_fills_in_a_real_customer_and_case_and_dates_in_the_customer_language()
    {
        var conversationId = await ConversationAsync("Ada Lovelace", "fr-FR", sms: false);
        var conversation = await agent.ConversationAsync(conversationId);
        var customerId = conversation["conversation"]!.Str("customerId");
        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId, title = "Colis en retard" }))).ExpectAsync(HttpStatusCode.Created);
        var caseId = created["case"]!.Id();
        var reference = created["case"]!.Str("number");

        var preview = await (await agent.PostAsync("/api/v1/templates/preview", Requests.JsonBody(new
        {
            customerId,
            caseId,
            body = "{{ customer.name }} / {{ customer.preferred_name }} / {{ case.number }} / {{ case.title | upcase }} / {{ organisation.name }}",
        }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"Ada Lovelace / Ada / {reference} / COLIS EN RETARD / Rapport demo", preview.Str("text"));

        await (await agent.PostAsync("/api/v1/templates/preview", Requests.JsonBody(new { customerId, body = "{{ case.nope }}" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await agent.PostAsync("/api/v1/templates/preview", Requests.JsonBody(new { customerId = Guid.NewGuid(), body = "Hi" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "customerId");
        await (await agent.PostAsync("/api/v1/templates/preview", Requests.JsonBody(new { customerId, templateId = Guid.NewGuid() })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        var delay = await (await agent.PostAsync("/api/v1/templates/render-for-conversation", Requests.JsonBody(new { conversationId, templateId = BuiltInTemplates.DelayId })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.StartsWith($"Dear Ada, I am sorry that your case {reference} is taking longer", delay.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_referral_and_delay_texts_come_from_their_templates_and_follow_an_edit()
    {
        var conversationId = await ConversationAsync("Grace Hopper", "en-GB", sms: false);
        var referral = await RenderReferralAsync(conversationId, "Billing", team: true);
        Assert.Equal("I'm passing you to our Billing team because they are best placed to help with this. They will be in touch with you shortly.", referral);
        Assert.StartsWith("I'm passing you to my colleague Sam because", await RenderReferralAsync(conversationId, "Sam", team: false), StringComparison.Ordinal);

        var builtIn = await (await agent.GetAsync($"/api/v1/templates/{BuiltInTemplates.ReferralId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(builtIn["builtIn"]!.GetValue<bool>());
        await (await admin.PutAsync($"/api/v1/templates/{BuiltInTemplates.ReferralId}", Template("referral",
            "{{ customer.first_name }}, {{ referral.to }} will take it from here.", builtIn.Str("name")))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Grace, Billing will take it from here.", await RenderReferralAsync(conversationId, "Billing", team: true));

        // The delay-template endpoint of service standards reads and writes the built-in delay template.
        await (await admin.PutAsync("/api/v1/service-standards/delay-template", Requests.JsonBody(new { template = "Oops {{ customer.nmae }}" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "template");
        await (await admin.PutAsync("/api/v1/service-standards/delay-template", Requests.JsonBody(new { template = "Late: {{ case.number }} {{ delay.reason }}" })))
            .ExpectAsync(HttpStatusCode.OK);
        var delay = await (await agent.GetAsync($"/api/v1/templates/{BuiltInTemplates.DelayId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Late: {{ case.number }} {{ delay.reason }}", delay.Str("body"));
    }

    [Fact]
    public async Task A_returning_customers_greeting_follows_a_template_edit_at_once_and_on_another_node_too()
    {
        // A Welsh speaker writing by email: a Welsh greeting of our own is the best, over the built-in English one.
        var email = CustomerBuilder.UniqueEmail();
        await Build.ACustomer("Bryn Jones").WithEmail(email).WithProfile(new JsonObject { ["language"] = "cy" }).CreateAsync(agent);
        var welsh = await CreateAsync("greetingReturning", "Croeso nôl, {{ customer.first_name }}!", "cy", channel: "email");
        try
        {
            Assert.Equal("Croeso nôl, Bryn!", await GreetingAsync(agent, email));

            await (await supervisor.PutAsync($"/api/v1/templates/{welsh}", Template("greetingReturning", "Shwmae {{ customer.first_name }}!",
                language: "cy", channel: "email"))).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("Shwmae Bryn!", await GreetingAsync(agent, email));

            if (app.Provider == Rapport.Infrastructure.Data.DatabaseProvider.PostgreSql)
            {
                // Another node made the greeting before the edit; it hears of the edit over the backplane.
                using var other = app.AnotherNode();
                using var onOther = app.ClientAs(other, Roles.Agent);
                Assert.Equal("Shwmae Bryn!", await GreetingAsync(onOther, email));
                await (await supervisor.PutAsync($"/api/v1/templates/{welsh}", Template("greetingReturning", "Helo {{ customer.first_name }}!",
                    language: "cy", channel: "email"))).ExpectAsync(HttpStatusCode.OK);
                var seen = "";
                for (var i = 0; i < 50 && seen != "Helo Bryn!"; i++)
                {
                    await Task.Delay(100);
                    seen = await GreetingAsync(onOther, email);
                }

                Assert.Equal("Helo Bryn!", seen);
            }
        }
        finally
        {
            await (await supervisor.DeleteAsync($"/api/v1/templates/{welsh}")).ExpectAsync(HttpStatusCode.NoContent);
        }

        Assert.StartsWith("Welcome back, Bryn!", await GreetingAsync(agent, email), StringComparison.Ordinal);
    }

    private static async Task<string> GreetingAsync(HttpClient client, string email) =>
        (await (await client.GetAsync($"/api/v1/customers/lookup?email={Uri.EscapeDataString(email)}")).ExpectAsync(HttpStatusCode.OK)).Str("greeting");

    private async Task<string> RenderReferralAsync(string conversationId, string to, bool team) =>
        (await (await agent.PostAsync("/api/v1/templates/render-for-conversation", Requests.JsonBody(new
        {
            conversationId,
            purpose = "referral",
            referralTo = to,
            referralToTeam = team,
        }))).ExpectAsync(HttpStatusCode.OK)).Str("text");

    private async Task<JsonNode> RenderAsync(string conversationId, string purpose) =>
        await (await agent.PostAsync("/api/v1/templates/render-for-conversation", Requests.JsonBody(new { conversationId, purpose })))
            .ExpectAsync(HttpStatusCode.OK);

    private async Task<string> CreateAsync(string purpose, string body, string language, string? channel = null) =>
        (await (await supervisor.PostAsync("/api/v1/templates", Template(purpose, body, language: language, channel: channel)))
            .ExpectAsync(HttpStatusCode.Created)).Id();

    /// <summary>A conversation with a new customer speaking <paramref name="language"/>, by SMS or email.</summary>
    private async Task<string> ConversationAsync(string name, string language, bool sms)
    {
        var phone = Inbound.UniqueInternationalPhone();
        var email = CustomerBuilder.UniqueEmail();
        var customer = Build.ACustomer(name).WithProfile(new JsonObject { ["language"] = language });
        await (sms ? customer.WithPhone(phone) : customer.WithEmail(email)).CreateAsync(agent);
        var received = await (sms ? Inbound.AnSms(phone) : Inbound.AnEmail(email)).ReceiveAsync(admin);
        return received.ConversationId();
    }

    private static StringContent Template(string purpose, string body, string? name = null, string language = "en-GB", string? channel = null) =>
        Requests.JsonBody(new { purpose, channel, language, name = name ?? $"Template {Unique.Letters()}", body });
}

public sealed class TemplateTestsOnSqlite(SqliteRapportFactory app) : TemplateTests<SqliteRapportFactory>(app);

public sealed class TemplateTestsOnPostgres(PostgresRapportFactory app) : TemplateTests<PostgresRapportFactory>(app);
