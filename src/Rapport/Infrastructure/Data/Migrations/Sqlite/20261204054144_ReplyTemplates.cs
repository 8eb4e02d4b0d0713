using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReplyTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DelayTemplate",
                table: "service_settings");

            migrationBuilder.AddColumn<string>(
                name: "DefaultLanguage",
                table: "organisation_settings",
                type: "TEXT",
                maxLength: 35,
                nullable: false,
                defaultValue: "en-GB");

            migrationBuilder.CreateTable(
                name: "reply_templates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    BuiltIn = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reply_templates", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "reply_templates",
                columns: new[] { "Id", "Body", "BuiltIn", "Channel", "CreatedAt", "Language", "Name", "Purpose", "UpdatedAt" },
                values: new object[,]
                {
                    { new Guid("0193a000-0000-7000-8000-00000000de1a"), "Dear {{ customer.first_name }}, I am sorry that your case {{ case.number }} is taking longer than we hoped. {{ delay.reason }} We now expect to come back to you by {{ delay.new_time }}.", true, "None", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc), "en-GB", "Delay explanation", "Delay", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { new Guid("0193a000-0000-7000-8000-0000000a4e4f"), "I'm passing you to {% if referral.to_team %}our {{ referral.to }} team{% else %}my colleague {{ referral.to }}{% endif %} because they are best placed to help with this. They will be in touch with you shortly.", true, "None", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc), "en-GB", "Referral: passing the customer on", "Referral", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc) }
                });

            migrationBuilder.CreateIndex(
                name: "ix_reply_templates_by_purpose",
                table: "reply_templates",
                columns: new[] { "Purpose", "Name" });

            migrationBuilder.CreateIndex(
                name: "ux_reply_templates_name",
                table: "reply_templates",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reply_templates");

            migrationBuilder.DropColumn(
                name: "DefaultLanguage",
                table: "organisation_settings");

            migrationBuilder.AddColumn<string>(
                name: "DelayTemplate",
                table: "service_settings",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");
        }
    }
}
