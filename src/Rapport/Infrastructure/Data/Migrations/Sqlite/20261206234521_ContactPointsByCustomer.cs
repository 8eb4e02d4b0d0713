using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactPointsByCustomer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_contact_points_CustomerId",
                table: "contact_points");

            migrationBuilder.CreateIndex(
                name: "ix_contact_points_by_customer",
                table: "contact_points",
                columns: new[] { "CustomerId", "Type", "Id", "Value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contact_points_by_customer",
                table: "contact_points");

            migrationBuilder.CreateIndex(
                name: "IX_contact_points_CustomerId",
                table: "contact_points",
                column: "CustomerId");
        }
    }
}
