using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Complaints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CustomerWords = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Expectation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Feeling = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ListenedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ListenedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApologyWording = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ApologyChannel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ApologyGivenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApologisedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApologisedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApologisedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AgreedAlternativeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AgreedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AgreedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    AgreedAtFirstContact = table.Column<bool>(type: "INTEGER", nullable: false),
                    ThanksWording = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ThankedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ThankedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    FollowUpPromiseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FollowUpWaivedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FollowUpWaivedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FollowUpWaivedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reopened = table.Column<int>(type: "INTEGER", nullable: false),
                    LastReopenedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_complaints_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "complaint_alternatives",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CustomerCost = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CustomerBenefit = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OrganisationCost = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OrganisationBenefit = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OfferType = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    OfferAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    OfferCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    CaseActionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProposedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AgreedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_alternatives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_complaint_alternatives_case_actions_CaseActionId",
                        column: x => x.CaseActionId,
                        principalTable: "case_actions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_complaint_alternatives_complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "complaint_disagreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Needs = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Confirmed = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WhyNotMet = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Escalation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaint_disagreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_complaint_disagreements_complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_complaint_alternatives_by_complaint",
                table: "complaint_alternatives",
                columns: new[] { "ComplaintId", "ProposedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_complaint_alternatives_CaseActionId",
                table: "complaint_alternatives",
                column: "CaseActionId");

            migrationBuilder.CreateIndex(
                name: "ix_complaint_disagreements_by_complaint",
                table: "complaint_disagreements",
                columns: new[] { "ComplaintId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "ux_complaints_by_case",
                table: "complaints",
                column: "CaseId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "complaint_alternatives");

            migrationBuilder.DropTable(
                name: "complaint_disagreements");

            migrationBuilder.DropTable(
                name: "complaints");
        }
    }
}
