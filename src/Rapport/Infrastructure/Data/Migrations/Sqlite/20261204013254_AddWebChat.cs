using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWebChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "chat_sites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AllowedOrigins = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Greeting = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OfflineGreeting = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AccentColour = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FollowOrganisationHours = table.Column<bool>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chat_sites", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "chat_visitors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SiteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Handle = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    SenderEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    FirstMessageAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chat_visitors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_chat_visitors_chat_sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "chat_sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_chat_visitors_ConversationId",
                table: "chat_visitors",
                column: "ConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_chat_visitors_Handle",
                table: "chat_visitors",
                column: "Handle",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_chat_visitors_SiteId",
                table: "chat_visitors",
                column: "SiteId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chat_visitors");

            migrationBuilder.DropTable(
                name: "chat_sites");
        }
    }
}
