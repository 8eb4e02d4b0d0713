using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CallsAndRecordingConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProviderCallId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Direction = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    From = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    To = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DurationSeconds = table.Column<int>(type: "integer", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Recorded = table.Column<bool>(type: "boolean", nullable: false),
                    Monitored = table.Column<bool>(type: "boolean", nullable: false),
                    RecordingUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Recording = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    MeetingUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Consent = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ConsentWording = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ConsentNotAskedReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ConsentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ConsentById = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsentByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LoggedById = table.Column<Guid>(type: "uuid", nullable: true),
                    LoggedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "call_settings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordInboundPhone = table.Column<bool>(type: "boolean", nullable: false),
                    MonitorInboundPhone = table.Column<bool>(type: "boolean", nullable: false),
                    RecordOutboundPhone = table.Column<bool>(type: "boolean", nullable: false),
                    MonitorOutboundPhone = table.Column<bool>(type: "boolean", nullable: false),
                    RecordVideo = table.Column<bool>(type: "boolean", nullable: false),
                    MonitorVideo = table.Column<bool>(type: "boolean", nullable: false),
                    ConsentWording = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    VideoMeetingTemplate = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_settings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_records_by_consent_at",
                table: "call_records",
                column: "ConsentAt");

            migrationBuilder.CreateIndex(
                name: "ux_call_records_by_message",
                table: "call_records",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_call_records_by_provider_call",
                table: "call_records",
                column: "ProviderCallId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_records");

            migrationBuilder.DropTable(
                name: "call_settings");
        }
    }
}
