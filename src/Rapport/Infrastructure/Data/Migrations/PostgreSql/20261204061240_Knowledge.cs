using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Knowledge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "knowledge_articles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Body = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    Includes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Limits = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Alternatives = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    EstimatedTimes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Audience = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewBy = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    InsertCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_articles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_knowledge_articles_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_case_links",
                columns: table => new
                {
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LinkedById = table.Column<Guid>(type: "uuid", nullable: false),
                    LinkedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_case_links", x => new { x.ArticleId, x.CaseId });
                    table.ForeignKey(
                        name: "FK_knowledge_case_links_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_knowledge_case_links_knowledge_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "knowledge_articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_revisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ById = table.Column<Guid>(type: "uuid", nullable: false),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Changes = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Body = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    Includes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Limits = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Alternatives = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    EstimatedTimes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Audience = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewBy = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Archived = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_knowledge_revisions_knowledge_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "knowledge_articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_owner_review",
                table: "knowledge_articles",
                columns: new[] { "OwnerId", "ReviewBy" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_review",
                table: "knowledge_articles",
                column: "ReviewBy");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_title",
                table: "knowledge_articles",
                column: "Title");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_case_links_by_case",
                table: "knowledge_case_links",
                columns: new[] { "CaseId", "LinkedAt" });

            migrationBuilder.CreateIndex(
                name: "ux_knowledge_revisions_by_article",
                table: "knowledge_revisions",
                columns: new[] { "ArticleId", "Number" },
                unique: true);

            // Full-text search over articles: a generated tsvector weighted title A, answer B, structured fields C, body D,
            // with a GIN index ('simple', as in the general search: no stemming for one language).
            migrationBuilder.Sql("""
                ALTER TABLE knowledge_articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('simple', "Title"), 'A') ||
                  setweight(to_tsvector('simple', "Answer"), 'B') ||
                  setweight(to_tsvector('simple', coalesce("Includes", '') || ' ' || coalesce("Limits", '') || ' ' || coalesce("Alternatives", '') || ' ' || coalesce("EstimatedTimes", '')), 'C') ||
                  setweight(to_tsvector('simple', "Body"), 'D')) STORED;
                CREATE INDEX ix_knowledge_articles_search ON knowledge_articles USING GIN (search_vector);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "knowledge_case_links");

            migrationBuilder.DropTable(
                name: "knowledge_revisions");

            migrationBuilder.DropTable(
                name: "knowledge_articles");
        }
    }
}
