using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ChannelSwitching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "preferred_days",
                table: "customers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "preferred_from",
                table: "customers",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "preferred_until",
                table: "customers",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "conversation_channel_switches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromChannel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ToChannel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ContactPointId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversation_channel_switches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_conversation_channel_switches_conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "reply_templates",
                columns: new[] { "Id", "Body", "BuiltIn", "Channel", "CreatedAt", "Language", "Name", "Purpose", "UpdatedAt" },
                values: new object[] { new Guid("0193a000-0000-7000-8000-0000000c5a17"), "Hello {{ customer.preferred_name }}, following your {{ channel.from }} with us, we're continuing here by {{ channel.to }}. You don't need to give your details again: just reply to this message. {{ agent.first_name }}, {{ organisation.name }}", true, "None", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc), "en-GB", "Channel switch", "ChannelSwitch", new DateTime(2026, 12, 4, 0, 0, 0, 0, DateTimeKind.Utc) });

            migrationBuilder.CreateIndex(
                name: "ix_channel_switches_by_conversation",
                table: "conversation_channel_switches",
                columns: new[] { "ConversationId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "conversation_channel_switches");

            migrationBuilder.DeleteData(
                table: "reply_templates",
                keyColumn: "Id",
                keyValue: new Guid("0193a000-0000-7000-8000-0000000c5a17"));

            migrationBuilder.DropColumn(
                name: "preferred_days",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "preferred_from",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "preferred_until",
                table: "customers");
        }
    }
}
