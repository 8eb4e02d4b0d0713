using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RetentionAndLegalHolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "legal_holds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PlacedById = table.Column<Guid>(type: "uuid", nullable: true),
                    PlacedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReleasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReleasedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ReleasedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReleaseReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_legal_holds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_legal_holds_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_legal_holds_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "retention_policy",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    MessagesDays = table.Column<int>(type: "integer", nullable: true),
                    AttachmentsDays = table.Column<int>(type: "integer", nullable: true),
                    CallRecordingsDays = table.Column<int>(type: "integer", nullable: true),
                    AuditEntriesDays = table.Column<int>(type: "integer", nullable: true),
                    ClosedCasesDays = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UpdatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RunLeasedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retention_policy", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "retention_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    RanAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Held = table.Column<int>(type: "integer", nullable: false),
                    PeriodDays = table.Column<int>(type: "integer", nullable: false),
                    CutOff = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PolicyOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RanBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retention_reports", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "retention_policy",
                columns: new[] { "Id", "AttachmentsDays", "AuditEntriesDays", "CallRecordingsDays", "ClosedCasesDays", "MessagesDays", "RunLeasedUntil", "UpdatedAt", "UpdatedByName" },
                values: new object[] { 1, null, null, null, null, null, null, null, null });

            migrationBuilder.CreateIndex(
                name: "ix_legal_holds_by_case",
                table: "legal_holds",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "ix_legal_holds_by_customer",
                table: "legal_holds",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "ix_retention_reports_by_time",
                table: "retention_reports",
                columns: new[] { "RanAt", "RunId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "legal_holds");

            migrationBuilder.DropTable(
                name: "retention_policy");

            migrationBuilder.DropTable(
                name: "retention_reports");
        }
    }
}
