using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// Each person chooses the time zone their pages show times in; without a choice it is the organisation's (the service
/// calendar's zone, one source of truth). An unknown zone is a 400 naming timeZone and writes nothing; the choice is
/// audited; API times stay UTC whatever is chosen.
/// </summary>
public abstract class TimeZonePreferenceTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Preferences = "/api/v1/users/me/preferences";

    private async Task<(AppUser User, HttpClient Client)> NewAgentAsync()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        return (user, app.ClientWithToken(await app.IssueTokenAsync(user.Id, "time zone tests")));
    }

    [Fact]
    public async Task A_person_chooses_their_zone_and_clears_it_back_to_the_organisations()
    {
        var (user, agent) = await NewAgentAsync();

        var initial = await (await agent.GetAsync(Preferences)).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(initial["timeZone"]);
        Assert.Equal(initial.Str("organisationTimeZone"), initial.Str("effectiveTimeZone"));

        var chosen = await (await agent.PutAsync(Preferences, Requests.JsonBody(new { timeZone = "America/New_York" }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("America/New_York", chosen.Str("timeZone"));
        Assert.Equal("America/New_York", chosen.Str("effectiveTimeZone"));
        var read = await (await agent.GetAsync(Preferences)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("America/New_York", read.Str("timeZone"));
        Assert.Equal("America/New_York", await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleAsync()));

        var cleared = await (await agent.PutAsync(Preferences, Requests.JsonBody(new { timeZone = (string?)null }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(cleared["timeZone"]);
        Assert.Equal(cleared.Str("organisationTimeZone"), cleared.Str("effectiveTimeZone"));

        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectType == "user" && e.SubjectId == user.Id.ToString()
            && e.Action == "user.timeZoneChanged").CountAsync());
        Assert.Equal(2, audited);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("../../etc/passwd")]
    public async Task An_unknown_zone_is_refused_naming_the_field_and_nothing_is_written(string zone)
    {
        var (user, agent) = await NewAgentAsync();
        await (await agent.PutAsync(Preferences, Requests.JsonBody(new { timeZone = "Europe/Berlin" }))).ExpectAsync(HttpStatusCode.OK);

        await (await agent.PutAsync(Preferences, Requests.JsonBody(new { timeZone = zone }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "timeZone");

        Assert.Equal("Europe/Berlin", await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleAsync()));
    }

    [Fact]
    public async Task A_zone_id_too_long_is_refused_naming_the_field()
    {
        var (_, agent) = await NewAgentAsync();
        await (await agent.PutAsync(Preferences, Requests.JsonBody(new { timeZone = new string('a', 101) }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "timeZone");
    }

    [Fact]
    public async Task A_windows_zone_id_is_kept_as_its_iana_zone()
    {
        var (_, agent) = await NewAgentAsync();
        var chosen = await (await agent.PutAsync(Preferences, Requests.JsonBody(new { timeZone = "Eastern Standard Time" }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("America/New_York", chosen.Str("timeZone"));
    }

    [Fact]
    public async Task Without_a_choice_the_zone_follows_the_organisations_calendar_and_a_choice_is_only_the_choosers()
    {
        var admin = app.ClientAs(Roles.Administrator);
        var (_, chooser) = await NewAgentAsync();
        var (_, other) = await NewAgentAsync();
        await (await chooser.PutAsync(Preferences, Requests.JsonBody(new { timeZone = "Asia/Kolkata" }))).ExpectAsync(HttpStatusCode.OK);

        var calendar = await (await admin.GetAsync("/api/v1/service-standards/calendar")).ExpectAsync(HttpStatusCode.OK);
        calendar["timeZone"] = "Australia/Sydney";
        await (await admin.PutAsync("/api/v1/service-standards/calendar", Requests.JsonBody(calendar))).ExpectAsync(HttpStatusCode.OK);

        var others = await (await other.GetAsync(Preferences)).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(others["timeZone"]);
        Assert.Equal("Australia/Sydney", others.Str("organisationTimeZone"));
        Assert.Equal("Australia/Sydney", others.Str("effectiveTimeZone"));
        var choosers = await (await chooser.GetAsync(Preferences)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Asia/Kolkata", choosers.Str("effectiveTimeZone"));
        Assert.Equal("Australia/Sydney", choosers.Str("organisationTimeZone"));
    }

    [Fact]
    public async Task Api_times_stay_utc_whatever_zone_is_chosen()
    {
        var (_, agent) = await NewAgentAsync();
        await (await agent.PutAsync(Preferences, Requests.JsonBody(new { timeZone = "America/New_York" }))).ExpectAsync(HttpStatusCode.OK);
        var customer = await (await agent.PostAsync("/api/v1/customers", Requests.JsonBody(new { name = "Zone Customer" }))).ExpectAsync(HttpStatusCode.Created);
        var note = await (await agent.PostAsync($"/api/v1/customers/{customer.Id()}/notes", Requests.JsonBody(new { body = "A note" }))).ExpectAsync(HttpStatusCode.Created);

        Assert.EndsWith("Z", note.Str("createdAt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_unsigned_reads_or_sets_preferences()
    {
        var anonymous = app.ClientAs(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Preferences)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync(Preferences, Requests.JsonBody(new { timeZone = "UTC" }))).StatusCode);
    }
}

public sealed class TimeZonePreferenceTestsOnSqlite(SqliteRapportFactory app) : TimeZonePreferenceTests<SqliteRapportFactory>(app);

public sealed class TimeZonePreferenceTestsOnPostgres(PostgresRapportFactory app) : TimeZonePreferenceTests<PostgresRapportFactory>(app);
