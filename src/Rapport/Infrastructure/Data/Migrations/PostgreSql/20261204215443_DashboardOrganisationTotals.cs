using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DashboardOrganisationTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The figures gain the organisation's totals: count everything again at the next run (as a first run does).
            migrationBuilder.Sql("DELETE FROM dashboard_daily_figures;");
            migrationBuilder.Sql("UPDATE dashboard_rollup_state SET \"RolledUpTo\" = NULL;");

            migrationBuilder.DropPrimaryKey(
                name: "PK_dashboard_daily_figures",
                table: "dashboard_daily_figures");

            migrationBuilder.AddPrimaryKey(
                name: "PK_dashboard_daily_figures",
                table: "dashboard_daily_figures",
                columns: new[] { "Metric", "TeamId", "AgentId", "Day", "Key" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_daily_figures_by_day",
                table: "dashboard_daily_figures",
                column: "Day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_dashboard_daily_figures",
                table: "dashboard_daily_figures");

            migrationBuilder.DropIndex(
                name: "ix_dashboard_daily_figures_by_day",
                table: "dashboard_daily_figures");

            migrationBuilder.AddPrimaryKey(
                name: "PK_dashboard_daily_figures",
                table: "dashboard_daily_figures",
                columns: new[] { "Metric", "Day", "TeamId", "AgentId", "Key" });
        }
    }
}
