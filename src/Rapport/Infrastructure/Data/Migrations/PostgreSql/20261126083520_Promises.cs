using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Promises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "promises",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: true),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    What = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueText = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RemindAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RemindedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EscalatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosingNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    KeptOnTime = table.Column<bool>(type: "boolean", nullable: false),
                    Renegotiations = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_promises", x => x.Id);
                    table.ForeignKey(
                        name: "FK_promises_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_promises_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_promises_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "promise_renegotiations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PromiseId = table.Column<Guid>(type: "uuid", nullable: false),
                    PreviousDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NewDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ById = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_promise_renegotiations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_promise_renegotiations_promises_PromiseId",
                        column: x => x.PromiseId,
                        principalTable: "promises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_promise_renegotiations_by_promise",
                table: "promise_renegotiations",
                columns: new[] { "PromiseId", "At" });

            migrationBuilder.CreateIndex(
                name: "ix_promises_awaiting_reminder",
                table: "promises",
                column: "RemindAt",
                filter: "\"RemindedAt\" IS NULL AND \"Status\" IN ('Open', 'Renegotiated')");

            migrationBuilder.CreateIndex(
                name: "ix_promises_by_case",
                table: "promises",
                columns: new[] { "CaseId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "ix_promises_by_customer",
                table: "promises",
                columns: new[] { "CustomerId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "ix_promises_by_due",
                table: "promises",
                columns: new[] { "DueAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "ix_promises_by_owner",
                table: "promises",
                columns: new[] { "OwnerId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "ix_promises_by_team",
                table: "promises",
                columns: new[] { "TeamId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "ix_promises_escalated_by_due",
                table: "promises",
                column: "DueAt",
                filter: "\"EscalatedAt\" IS NOT NULL AND \"Status\" IN ('Open', 'Renegotiated')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "promise_renegotiations");

            migrationBuilder.DropTable(
                name: "promises");
        }
    }
}
