using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// A new password has at least 12 characters (configurable under Rapport:Identity), is not one of the common passwords
/// attackers try first, and does not contain the local part of the person's email. Each refusal names the password field.
/// </summary>
public abstract class PasswordPolicyTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static object Person(string email, string password) => new { email, displayName = "Policy Person", role = "Agent", password };

    private static string Email(string local = "policy") => $"{local}.{Unique.Letters()[..6]}@rapport.test";

    [Theory]
    [InlineData("elevenchars")]
    [InlineData("password1234")]
    [InlineData("Qwertyuiop123")]
    [InlineData("correct horse battery staple")]
    public async Task Short_or_common_passwords_are_refused(string password)
    {
        var email = Email();
        var problem = await (await app.ClientAs(Roles.Administrator).PostAsJsonAsync("/api/v1/users", Person(email, password)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "password");

        Assert.DoesNotContain(password, problem.ToJsonString(), StringComparison.Ordinal);
        var users = await (await app.ClientAs(Roles.Administrator).GetAsync("/api/v1/users")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, users, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_containing_the_emails_local_part_is_refused()
    {
        var email = Email("jordan");
        var local = email.Split('@')[0];

        await (await app.ClientAs(Roles.Administrator).PostAsJsonAsync("/api/v1/users", Person(email, $"{local.ToUpperInvariant()} rules ok")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await app.ClientAs(Roles.Administrator).PostAsJsonAsync("/api/v1/users", Person(email, "twelve chars ok")))
            .ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_minimum_length_is_configurable()
    {
        using var strict = app.WithWebHostBuilder(b => b.UseSetting("Rapport:Identity:PasswordMinLength", "20"));
        var client = app.ClientAs(strict, Roles.Administrator);

        await (await client.PostAsJsonAsync("/api/v1/users", Person(Email(), "nineteen characters"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await client.PostAsJsonAsync("/api/v1/users", Person(Email(), "twenty characters ok"))).ExpectAsync(HttpStatusCode.Created);
    }
}

public sealed class PasswordPolicyTestsOnSqlite(SqliteRapportFactory app) : PasswordPolicyTests<SqliteRapportFactory>(app);

public sealed class PasswordPolicyTestsOnPostgres(PostgresRapportFactory app) : PasswordPolicyTests<PostgresRapportFactory>(app);
