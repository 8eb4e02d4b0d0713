using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "letters",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Direction = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DatedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LargePrint = table.Column<bool>(type: "boolean", nullable: false),
                    PostalAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PostedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PostedById = table.Column<Guid>(type: "uuid", nullable: true),
                    PostedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
