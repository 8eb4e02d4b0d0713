using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelAccountMediaAndWhatsAppTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ChannelAccountId",
                table: "attachments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FetchAttempts",
                table: "attachments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "FetchPending",
                table: "attachments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ProviderRef",
                table: "attachments",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "whatsapp_template_sends",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ContentSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    Parameters = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_whatsapp_template_sends", x => x.MessageId);
                    table.ForeignKey(
                        name: "FK_whatsapp_template_sends_messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "whatsapp_templates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChannelAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ContentSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_whatsapp_templates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_whatsapp_templates_channel_accounts_ChannelAccountId",
                        column: x => x.ChannelAccountId,
                        principalTable: "channel_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_fetch_pending",
                table: "attachments",
                column: "FetchPending");

            migrationBuilder.CreateIndex(
                name: "IX_whatsapp_templates_ChannelAccountId_Name_Language",
                table: "whatsapp_templates",
                columns: new[] { "ChannelAccountId", "Name", "Language" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "whatsapp_template_sends");

            migrationBuilder.DropTable(
                name: "whatsapp_templates");

            migrationBuilder.DropIndex(
                name: "ix_attachments_fetch_pending",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "ChannelAccountId",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "FetchAttempts",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "FetchPending",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "ProviderRef",
                table: "attachments");
        }
    }
}
