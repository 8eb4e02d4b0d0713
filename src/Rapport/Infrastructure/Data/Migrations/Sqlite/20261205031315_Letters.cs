using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Letters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PostalAddress",
                table: "organisation_settings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "letters",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DatedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LargePrint = table.Column<bool>(type: "INTEGER", nullable: false),
                    PostalAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PostedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PostedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    PostedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_letters", x => x.MessageId);
                    table.ForeignKey(
                        name: "FK_letters_messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // A template of the organisation's own already named like the built-in one keeps its text under another name.
            migrationBuilder.Sql("UPDATE reply_templates SET \"Name\" = \"Name\" || ' (own)' WHERE \"Name\" = 'Letter' AND \"BuiltIn\" = FALSE;");

            migrationBuilder.InsertData(
                table: "reply_templates",
                columns: new[] { "Id", "Body", "BuiltIn", "Channel", "CreatedAt", "Language", "Name", "Purpose", "UpdatedAt" },
                values: new object[] { new Guid("0193a000-0000-7000-8000-0000001e77e5"), "Dear {{ customer.name }},\n\nThank you for contacting {{ organisation.name }}.\n\n[Write your letter here.]\n\nYours sincerely,\n\n{{ agent.name }}\n{{ organisation.name }}", true, "Letter", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc), "en-GB", "Letter", "Letter", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc) });

            migrationBuilder.CreateIndex(
                name: "ix_letters_by_conversation",
                table: "letters",
                column: "ConversationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "letters");

            migrationBuilder.DeleteData(
                table: "reply_templates",
                keyColumn: "Id",
                keyValue: new Guid("0193a000-0000-7000-8000-0000001e77e5"));

            migrationBuilder.DropColumn(
                name: "PostalAddress",
                table: "organisation_settings");
        }
    }
}
