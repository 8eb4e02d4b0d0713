using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PromiseEscalationIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_promises_awaiting_escalation",
                table: "promises",
                column: "DueAt",
                filter: "\"EscalatedAt\" IS NULL AND \"Status\" IN ('Open', 'Renegotiated')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_promises_awaiting_escalation",
                table: "promises");
        }
    }
}
