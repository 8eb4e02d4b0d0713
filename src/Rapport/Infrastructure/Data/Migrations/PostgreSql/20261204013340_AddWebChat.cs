using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AllowedOrigins = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Greeting = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OfflineGreeting = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AccentColour = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    FollowOrganisationHours = table.Column<bool>(type: "boolean", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chat_sites", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "chat_visitors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<Guid>(type: "uuid", nullable: false),
                    Handle = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    SenderEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    FirstMessageAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
