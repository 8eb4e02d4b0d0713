using Rapport.Features.Customers;
using Rapport.Features.Templates;

namespace Rapport.UnitTests.Templates;

public sealed class TemplateRendererTests
{
    private static readonly TemplateValues Ada = new()
    {
        CustomerName = "Ada Lovelace",
        CustomerFirstName = "Ada",
        CaseNumber = "C-000042",
        AgentName = "Sam Carter",
        OrganisationName = "Acme",
    };

    [Fact]
    public void Placeholders_are_filled_as_plain_text_without_html_escaping()
    {
        var text = TemplateRenderer.Render("Dear {{ customer.preferred_name }}, about {{ case.number }} & \"{{ customer.name | upcase }}\" — {{ agent.first_name }}, {{ organisation.name }}",
            Ada with { CustomerName = "O'Brien & Co" });

        Assert.Equal("Dear Ada, about C-000042 & \"O'BRIEN & CO\" — Sam, Acme", text);
    }

    [Fact]
    public void A_placeholder_with_nothing_to_say_renders_empty_and_liquid_logic_works()
    {
        var body = "{% if case.number %}Case {{ case.number }}{% else %}No case{% endif %}.{{ promise.due }}";

        Assert.Equal("Case C-000042.", TemplateRenderer.Render(body, Ada));
        Assert.Equal("No case.", TemplateRenderer.Render(body, Ada with { CaseNumber = null }));
    }

    [Fact]
    public void An_unknown_placeholder_is_refused_with_its_line()
    {
        var problem = TemplateRenderer.Check("Hello {{ customer.name }},\n\nYour order {{ order.number }} is late.");

        Assert.NotNull(problem);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("'order.number' is not a placeholder.", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_known_path_is_an_unknown_placeholder()
    {
        Assert.Equal("'customer' is not a placeholder. Use one of: customer.name, customer.first_name, customer.preferred_name, customer.since, customer.tenure, case.number, case.title, promise.due, promise.what, agent.name, agent.first_name, organisation.name, delay.new_time, delay.reason, referral.to, referral.to_team, channel.from, channel.to.",
            TemplateRenderer.Check("{{ customer }}")!.Reason);
        Assert.NotNull(TemplateRenderer.Check("{{ customer.name.first }}"));
    }

    [Theory]
    [InlineData("Line one\n{% if customer.name %}open", 2, "endif")]
    [InlineData("a\nb\n{{ customer.name ", 3, "}}")]
    [InlineData("{% for x in %}{% endfor %}", 1, "for")]
    public void A_syntax_error_is_refused_with_its_line_and_reason(string body, int line, string mentioned)
    {
        var problem = TemplateRenderer.Check(body);

        Assert.NotNull(problem);
        Assert.Equal(line, problem.Line);
        Assert.Contains(mentioned, problem.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"Line {line}: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_filters_and_other_files_are_refused_and_local_variables_are_allowed()
    {
        Assert.Equal("'shout' is not a Liquid filter.", TemplateRenderer.Check("Hi\n{{ customer.name | shout }}")!.Reason);
        Assert.Equal(2, TemplateRenderer.Check("Hi\n{{ customer.name | shout }}")!.Line);
        Assert.Equal("Templates cannot include other files.", TemplateRenderer.Check("{% include 'footer' %}")!.Reason);
        Assert.Null(TemplateRenderer.Check("{% assign who = customer.first_name | default: customer.name %}{% capture sig %}{{ agent.name }}{% endcapture %}Hi {{ who }}, {{ sig }}"));
        Assert.Equal("Hi Ada, Sam Carter", TemplateRenderer.Render("{% assign who = customer.first_name %}{% capture sig %}{{ agent.name }}{% endcapture %}Hi {{ who }}, {{ sig }}", Ada));
    }

    [Fact]
    public void Every_built_in_template_passes_its_own_check_and_every_placeholder_has_a_sample()
    {
        Assert.All(BuiltInTemplates.All, t => Assert.Null(TemplateRenderer.Check(t.Body)));
        foreach (var p in TemplatePlaceholders.All)
        {
            Assert.NotEqual("", TemplateRenderer.Render("{{ " + p.Path + " }}", TemplateValues.Sample));
        }
    }

    [Fact]
    public void Dates_read_in_the_customers_language_and_the_organisations_zone()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var at = new DateTime(2026, 12, 7, 17, 30, 0, DateTimeKind.Utc);

        Assert.Equal("Monday 7 December at 17:30", TemplateDates.Format(at, london, "en-GB"));
        Assert.Equal("lundi 7 décembre 17:30", TemplateDates.Format(at, london, "fr-FR"));
        Assert.Equal("Monday 7 December at 18:30", TemplateDates.Format(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), null));
    }
}

public sealed class SmsSegmentTests
{
    [Theory]
    [InlineData(0, "GSM-7", 0)]
    [InlineData(160, "GSM-7", 1)]
    [InlineData(161, "GSM-7", 2)]
    [InlineData(306, "GSM-7", 2)]
    [InlineData(307, "GSM-7", 3)]
    public void Gsm_7_text_takes_160_alone_and_153_per_part(int length, string encoding, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));

        Assert.Equal((encoding, segments, length), (count.Encoding, count.Segments, count.Characters));
    }

    [Fact]
    public void Extension_characters_take_two_septets()
    {
        var count = SmsSegments.Count(new string('a', 155) + "€{}");

        Assert.Equal(("GSM-7", 161, 2), (count.Encoding, count.Characters, count.Segments));
        Assert.Equal(("UCS-2", 1), (SmsSegments.Count("Prix: 10€ — non").Encoding, SmsSegments.Count("Prix: 10€ — non").Segments)); // the dash is not GSM
    }

    [Fact]
    public void One_character_outside_the_alphabet_makes_the_whole_message_ucs_2_at_70_and_67_per_part()
    {
        Assert.Equal(("UCS-2", 1), Pair(SmsSegments.Count(new string('a', 69) + "’")));
        Assert.Equal(("UCS-2", 2), Pair(SmsSegments.Count(new string('a', 70) + "’")));
        Assert.Equal(("UCS-2", 2), Pair(SmsSegments.Count(new string('a', 132) + "🙂"))); // 134 units: two parts of 67
        Assert.Equal(("UCS-2", 3), Pair(SmsSegments.Count(new string('a', 133) + "🙂")));
        Assert.Equal(("GSM-7", 1), Pair(SmsSegments.Count("Ça coute 5 £ à Zürich")));
    }

    private static (string, int) Pair(SmsSegmentCount c) => (c.Encoding, c.Segments);
}

public sealed class TemplateSelectionTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc);

    private static ReplyTemplate T(string name, Channel channel, string language, TemplatePurpose purpose = TemplatePurpose.GreetingFirstContact) =>
        ReplyTemplate.Create(purpose, channel, language, name, "Hello {{ customer.first_name }}", Now);

    private static readonly ReplyTemplate AnyEnglish = T("any en-GB", Channel.None, "en-GB");
    private static readonly ReplyTemplate SmsEnglish = T("sms en-GB", Channel.Sms, "en-GB");
    private static readonly ReplyTemplate AnyFrench = T("any fr-FR", Channel.None, "fr-FR");
    private static readonly ReplyTemplate SmsFrench = T("sms fr-FR", Channel.Sms, "fr-FR");
    private static readonly ReplyTemplate EmailCanadian = T("email fr-CA", Channel.Email, "fr-CA");
    private static readonly ReplyTemplate[] All = [AnyEnglish, SmsEnglish, AnyFrench, SmsFrench, EmailCanadian, T("closing", Channel.Sms, "fr-FR", TemplatePurpose.Closing)];

    private static string? Best(Channel channel, string? language, string fallback = "en-GB", IEnumerable<ReplyTemplate>? among = null) =>
        TemplateSelection.Best(among ?? All, TemplatePurpose.GreetingFirstContact, channel, language, fallback)?.Name;

    [Fact]
    public void The_customers_language_on_the_reply_channel_wins_then_any_channel_in_that_language()
    {
        Assert.Equal("sms fr-FR", Best(Channel.Sms, "fr-FR"));
        Assert.Equal("any fr-FR", Best(Channel.WhatsApp, "fr-FR"));
        Assert.Equal("any fr-FR", Best(Channel.Sms, "fr-FR", among: [AnyFrench, SmsEnglish, AnyEnglish]));
    }

    [Fact]
    public void An_exact_tag_beats_the_same_language_elsewhere_which_beats_the_default_language()
    {
        Assert.Equal("email fr-CA", Best(Channel.Email, "fr-CA"));
        // fr-BE: fr-FR and fr-CA are the same language; then the reply's own channel beats "any".
        Assert.Equal("email fr-CA", Best(Channel.Email, "fr-BE"));
        Assert.Equal("sms fr-FR", Best(Channel.Sms, "fr"));
    }

    [Fact]
    public void Without_the_customers_language_the_organisations_default_language_is_used_then_anything_of_the_purpose()
    {
        Assert.Equal("sms en-GB", Best(Channel.Sms, "it-IT"));
        Assert.Equal("any en-GB", Best(Channel.Email, null));
        Assert.Equal("any fr-FR", Best(Channel.Chat, null, fallback: "fr-FR"));
        Assert.Equal("email fr-CA", Best(Channel.Email, "de-DE", among: [EmailCanadian]));
        Assert.Null(Best(Channel.Sms, "fr-FR", among: [EmailCanadian]));
    }
}
