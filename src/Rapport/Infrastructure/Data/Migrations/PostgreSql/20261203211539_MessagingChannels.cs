using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MessagingChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeliveryErrorCode",
                table: "messages",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveryUpdatedAt",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EditedAt",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "channel_accounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Provider = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Address = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AccountId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    WebhookSecretProtected = table.Column<string>(type: "text", nullable: false),
                    ApiSecretProtected = table.Column<string>(type: "text", nullable: false),
                    VerifyTokenProtected = table.Column<string>(type: "text", nullable: false),
                    VonageSigning = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReplayWindowSeconds = table.Column<int>(type: "integer", nullable: false),
                    ApiBaseUrl = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    LastReceiveAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSendAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LastErrorAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "message_parts",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_parts", x => new { x.MessageId, x.Index });
                    table.ForeignKey(
                        name: "FK_message_parts_messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "message_revisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    ReplacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_message_revisions_messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_channel_accounts_Provider_Address",
                table: "channel_accounts",
                columns: new[] { "Provider", "Address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_message_revisions_MessageId_ReplacedAt",
                table: "message_revisions",
                columns: new[] { "MessageId", "ReplacedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_accounts");

            migrationBuilder.DropTable(
                name: "message_parts");

            migrationBuilder.DropTable(
                name: "message_revisions");

            migrationBuilder.DropColumn(
                name: "DeliveryErrorCode",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "DeliveryUpdatedAt",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "messages");
        }
    }
}
