using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Includes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Limits = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Alternatives = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    EstimatedTimes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewBy = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ArchivedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    InsertCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LinkedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ById = table.Column<Guid>(type: "TEXT", nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Changes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Includes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Limits = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Alternatives = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    EstimatedTimes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewBy = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Archived = table.Column<bool>(type: "INTEGER", nullable: false)
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

            // Full-text search over articles (FTS5, external content, kept in step by triggers). Column order matters:
            // KnowledgeSearch weights them with bm25 (title highest, body lowest).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE knowledge_fts USING fts5("Title", "Answer", "Includes", "Limits", "Alternatives", "EstimatedTimes", "Body",
                  content='knowledge_articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER knowledge_fts_ai AFTER INSERT ON knowledge_articles BEGIN
                  INSERT INTO knowledge_fts(rowid, "Title", "Answer", "Includes", "Limits", "Alternatives", "EstimatedTimes", "Body")
                  VALUES (new.rowid, new."Title", new."Answer", new."Includes", new."Limits", new."Alternatives", new."EstimatedTimes", new."Body");
                END;
                CREATE TRIGGER knowledge_fts_ad AFTER DELETE ON knowledge_articles BEGIN
                  INSERT INTO knowledge_fts(knowledge_fts, rowid, "Title", "Answer", "Includes", "Limits", "Alternatives", "EstimatedTimes", "Body")
                  VALUES ('delete', old.rowid, old."Title", old."Answer", old."Includes", old."Limits", old."Alternatives", old."EstimatedTimes", old."Body");
                END;
                CREATE TRIGGER knowledge_fts_au AFTER UPDATE OF "Title", "Answer", "Includes", "Limits", "Alternatives", "EstimatedTimes", "Body" ON knowledge_articles BEGIN
                  INSERT INTO knowledge_fts(knowledge_fts, rowid, "Title", "Answer", "Includes", "Limits", "Alternatives", "EstimatedTimes", "Body")
                  VALUES ('delete', old.rowid, old."Title", old."Answer", old."Includes", old."Limits", old."Alternatives", old."EstimatedTimes", old."Body");
                  INSERT INTO knowledge_fts(rowid, "Title", "Answer", "Includes", "Limits", "Alternatives", "EstimatedTimes", "Body")
                  VALUES (new.rowid, new."Title", new."Answer", new."Includes", new."Limits", new."Alternatives", new."EstimatedTimes", new."Body");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS knowledge_fts_ai; DROP TRIGGER IF EXISTS knowledge_fts_ad; DROP TRIGGER IF EXISTS knowledge_fts_au;
                DROP TABLE IF EXISTS knowledge_fts;
                """);

            migrationBuilder.DropTable(
                name: "knowledge_case_links");

            migrationBuilder.DropTable(
                name: "knowledge_revisions");

            migrationBuilder.DropTable(
                name: "knowledge_articles");
        }
    }
}
