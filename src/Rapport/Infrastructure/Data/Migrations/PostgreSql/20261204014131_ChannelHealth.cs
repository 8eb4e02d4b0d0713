using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ChannelHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastConnectedAt",
                table: "mailboxes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastConnectedAt",
                table: "channel_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "channel_error_hours",
                columns: table => new
                {
                    ChannelId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hour = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_error_hours", x => new { x.ChannelId, x.Hour });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_error_hours");

            migrationBuilder.DropColumn(
                name: "LastConnectedAt",
                table: "mailboxes");

            migrationBuilder.DropColumn(
                name: "LastConnectedAt",
                table: "channel_accounts");
        }
    }
}
