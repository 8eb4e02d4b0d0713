using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Dashboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dashboard_daily_figures",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Target = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dashboard_daily_figures", x => new { x.Metric, x.Day, x.TeamId, x.AgentId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "dashboard_rollup_state",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    RolledUpTo = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeasedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dashboard_rollup_state", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "service_clock_outcomes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TookSeconds = table.Column<double>(type: "REAL", nullable: false),
                    TargetSeconds = table.Column<double>(type: "REAL", nullable: false),
                    OnTime = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_clock_outcomes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_service_clock_outcomes_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "dashboard_rollup_state",
                columns: new[] { "Id", "LeasedUntil", "RolledUpTo" },
                values: new object[] { 1, null, null });

            migrationBuilder.CreateIndex(
                name: "ix_promises_by_closed",
                table: "promises",
                column: "ClosedAt",
                filter: "\"ClosedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_by_start",
                table: "conversations",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "ix_complaints_by_start",
                table: "complaints",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_daily_figures_by_agent",
                table: "dashboard_daily_figures",
                columns: new[] { "AgentId", "Metric", "Day" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_daily_figures_by_team",
                table: "dashboard_daily_figures",
                columns: new[] { "TeamId", "Metric", "Day" });

            migrationBuilder.CreateIndex(
                name: "ix_service_clock_outcomes_by_case",
                table: "service_clock_outcomes",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "ix_service_clock_outcomes_by_end",
                table: "service_clock_outcomes",
                column: "EndedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dashboard_daily_figures");

            migrationBuilder.DropTable(
                name: "dashboard_rollup_state");

            migrationBuilder.DropTable(
                name: "service_clock_outcomes");

            migrationBuilder.DropIndex(
                name: "ix_promises_by_closed",
                table: "promises");

            migrationBuilder.DropIndex(
                name: "ix_conversations_by_start",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_complaints_by_start",
                table: "complaints");
        }
    }
}
