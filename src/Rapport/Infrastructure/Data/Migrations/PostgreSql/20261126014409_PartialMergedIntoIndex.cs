using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PartialMergedIntoIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_by_merged_into",
                table: "customers");

            migrationBuilder.CreateIndex(
                name: "ix_customers_by_merged_into",
                table: "customers",
                column: "MergedIntoId",
                filter: "\"MergedIntoId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_by_merged_into",
                table: "customers");

            migrationBuilder.CreateIndex(
                name: "ix_customers_by_merged_into",
                table: "customers",
                column: "MergedIntoId");
        }
    }
}
