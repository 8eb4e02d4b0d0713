using Rapport.Features.Templates;

namespace Rapport.UnitTests.Templates;

/// <summary>The old {firstName}-style greetings become Liquid that says the same, with every old placeholder mapped.</summary>
public sealed class LegacyGreetingTests
{
    [Fact]
    public void Every_old_placeholder_becomes_its_template_placeholder()
    {
        var liquid = LegacyGreeting.ToLiquid(" Hi {name} ({firstName}), {organisation} since {since}: {tenure}. ");

        Assert.Equal("Hi {{ customer.name }} ({{ customer.first_name }}), {{ organisation.name }} since {{ customer.since }}: {{ customer.tenure }}.", liquid);
        Assert.Null(TemplateRenderer.Check(liquid));
        Assert.Equal("Hi Ada Lovelace (Ada), Rapport demo since January 2023: 3 years 1 month.", TemplateRenderer.Render(liquid, TemplateValues.Sample));
    }

    [Fact]
    public void The_old_defaults_become_the_built_in_greetings()
    {
        Assert.Equal(BuiltInTemplates.GreetingReturningBody, LegacyGreeting.ToLiquid(LegacyGreeting.OldReturningDefault));
        Assert.Equal(BuiltInTemplates.GreetingFirstContactBody, LegacyGreeting.ToLiquid(LegacyGreeting.OldFirstContactDefault));
    }

    [Fact]
    public void Text_without_old_placeholders_and_unknown_braces_stay_as_written()
    {
        var liquid = LegacyGreeting.ToLiquid("Hello {surname}, welcome!");

        Assert.Equal("Hello {surname}, welcome!", liquid);
        Assert.Equal("Hello {surname}, welcome!", TemplateRenderer.Render(liquid, TemplateValues.Sample));
    }
}
