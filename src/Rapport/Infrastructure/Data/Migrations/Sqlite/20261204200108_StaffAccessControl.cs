using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffAccessControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastSignInAt",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastTotpStep",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExpiresAt",
                table: "api_tokens",
                type: "TEXT",
                nullable: true);

            // Tokens made before scopes existed keep doing everything their user's role allows, and never expire.
            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "api_tokens",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "Full");

            migrationBuilder.CreateTable(
                name: "two_factor_role_requirements",
                columns: table => new
                {
                    Role = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RequiredSince = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_two_factor_role_requirements", x => x.Role);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "two_factor_role_requirements");

            migrationBuilder.DropColumn(
                name: "LastSignInAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "LastTotpStep",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "api_tokens");
        }
    }
}
