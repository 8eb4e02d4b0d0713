using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rapport.Features.Organisation;
using Rapport.Features.Templates;

namespace Rapport.IntegrationTests.Templates;

/// <summary>The greetings were organisation settings in the {firstName} syntax; the migration that retired them keeps a customised one as its template.</summary>
public abstract class GreetingMigrationTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string GreetingTemplates = "_ComplaintCausesAndGreetingTemplates";

    private async Task<Dictionary<TemplatePurpose, string>> BuiltInGreetingsAfterMigratingAsync(string returning, string firstContact)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(app.Provider);
        await using var db = scratch.Context();
        var migrator = db.GetService<IMigrator>();
        // The providers' histories have their own timestamps: the migration just before the one that made greetings templates.
        var all = db.Database.GetMigrations().ToList();
        await migrator.MigrateAsync(all[all.FindIndex(m => m.EndsWith(GreetingTemplates, StringComparison.Ordinal)) - 1]);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO organisation_settings (\"Id\", \"Name\", \"ReturningCustomerGreeting\", \"NewCustomerGreeting\", \"DefaultLanguage\") VALUES ({0}, {1}, {2}, {3}, {4})",
            OrganisationSettings.SingletonId, "Acme", returning, firstContact, "en-GB");

        await migrator.MigrateAsync();

        return await db.Set<ReplyTemplate>().AsNoTracking()
            .Where(t => t.BuiltIn && (t.Purpose == TemplatePurpose.GreetingReturning || t.Purpose == TemplatePurpose.GreetingFirstContact))
            .ToDictionaryAsync(t => t.Purpose, t => t.Body);
    }

    [Fact]
    public async Task A_customised_greeting_becomes_its_built_in_template_with_every_old_placeholder_mapped()
    {
        var bodies = await BuiltInGreetingsAfterMigratingAsync("Hi {name} ({firstName}): with {organisation} since {since}, {tenure}. It's good!",
            "Good day, you've reached {organisation}.");

        Assert.Equal("Hi {{ customer.name }} ({{ customer.first_name }}): with {{ organisation.name }} since {{ customer.since }}, {{ customer.tenure }}. It's good!",
            bodies[TemplatePurpose.GreetingReturning]);
        Assert.Equal("Good day, you've reached {{ organisation.name }}.", bodies[TemplatePurpose.GreetingFirstContact]);
    }

    [Fact]
    public async Task A_greeting_already_holding_liquid_tags_is_not_carried_over()
    {
        var bodies = await BuiltInGreetingsAfterMigratingAsync("Hi {{ firstName }}", "Hello {% raw %}");

        Assert.Equal(BuiltInTemplates.GreetingReturningBody, bodies[TemplatePurpose.GreetingReturning]);
        Assert.Equal(BuiltInTemplates.GreetingFirstContactBody, bodies[TemplatePurpose.GreetingFirstContact]);
    }

    [Fact]
    public async Task An_unchanged_greeting_keeps_the_built_in_text()
    {
        var bodies = await BuiltInGreetingsAfterMigratingAsync(LegacyGreeting.OldReturningDefault, LegacyGreeting.OldFirstContactDefault);

        Assert.Equal(BuiltInTemplates.GreetingReturningBody, bodies[TemplatePurpose.GreetingReturning]);
        Assert.Equal(BuiltInTemplates.GreetingFirstContactBody, bodies[TemplatePurpose.GreetingFirstContact]);
    }
}

public sealed class GreetingMigrationTestsOnSqlite(SqliteRapportFactory app) : GreetingMigrationTests<SqliteRapportFactory>(app);

public sealed class GreetingMigrationTestsOnPostgres(PostgresRapportFactory app) : GreetingMigrationTests<PostgresRapportFactory>(app);
