using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastConnectedAt",
                table: "channel_accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "channel_error_hours",
                columns: table => new
                {
                    ChannelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hour = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
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
