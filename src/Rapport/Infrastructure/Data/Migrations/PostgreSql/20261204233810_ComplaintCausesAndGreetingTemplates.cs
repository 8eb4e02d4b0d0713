using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Rapport.Features.Templates;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ComplaintCausesAndGreetingTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "complaint_causes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Retired = table.Column<bool>(type: "boolean", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_causes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "complaint_settings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Apology = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_settings", x => x.Id);
                });

            // The built-in greetings take names no template of the organisation's may already have.
            migrationBuilder.Sql("UPDATE reply_templates SET \"Name\" = \"Name\" || ' (own)' WHERE \"Name\" IN ('"
                + BuiltInTemplates.GreetingReturningName + "', '" + BuiltInTemplates.GreetingFirstContactName + "');");

            migrationBuilder.InsertData(
                table: "reply_templates",
                columns: new[] { "Id", "Body", "BuiltIn", "Channel", "CreatedAt", "Language", "Name", "Purpose", "UpdatedAt" },
                values: new object[,]
                {
                    { new Guid("0193a000-0000-7000-8000-0000000b4e70"), "Welcome back, {{ customer.first_name }}! Thank you for being with us since {{ customer.since }}.", true, "None", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc), "en-GB", "Greeting: returning customer", "GreetingReturning", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { new Guid("0193a000-0000-7000-8000-0000000f1257"), "Hello, and thank you for contacting {{ organisation.name }}.", true, "None", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc), "en-GB", "Greeting: first contact", "GreetingFirstContact", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc) }
                });

            migrationBuilder.CreateIndex(
                name: "ux_complaint_causes_key",
                table: "complaint_causes",
                column: "Key",
                unique: true);

            // The greetings were settings in the old {firstName} syntax; a customised one becomes its built-in template's body.
            migrationBuilder.Sql(LegacyGreeting.ConvertedSql("ReturningCustomerGreeting", LegacyGreeting.OldReturningDefault,
                BuiltInTemplates.GreetingReturningName));
            migrationBuilder.Sql(LegacyGreeting.ConvertedSql("NewCustomerGreeting", LegacyGreeting.OldFirstContactDefault,
                BuiltInTemplates.GreetingFirstContactName));

            migrationBuilder.DropColumn(
                name: "NewCustomerGreeting",
                table: "organisation_settings");

            migrationBuilder.DropColumn(
                name: "ReturningCustomerGreeting",
                table: "organisation_settings");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "complaint_causes");

            migrationBuilder.DropTable(
                name: "complaint_settings");

            migrationBuilder.DeleteData(
                table: "reply_templates",
                keyColumn: "Id",
                keyValue: new Guid("0193a000-0000-7000-8000-0000000b4e70"));

            migrationBuilder.DeleteData(
                table: "reply_templates",
                keyColumn: "Id",
                keyValue: new Guid("0193a000-0000-7000-8000-0000000f1257"));

            migrationBuilder.AddColumn<string>(
                name: "NewCustomerGreeting",
                table: "organisation_settings",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: LegacyGreeting.OldFirstContactDefault);

            migrationBuilder.AddColumn<string>(
                name: "ReturningCustomerGreeting",
                table: "organisation_settings",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: LegacyGreeting.OldReturningDefault);
        }
    }
}
