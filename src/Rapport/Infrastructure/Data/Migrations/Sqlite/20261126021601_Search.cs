using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search (FTS5, external content): the index follows its tables through triggers, and
            // INSERT INTO x(x) VALUES('rebuild') re-creates it if a later migration rebuilds a table.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE message_fts USING fts5("Subject", "Text", content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER message_fts_ai AFTER INSERT ON messages BEGIN
                  INSERT INTO message_fts(rowid, "Subject", "Text") VALUES (new.rowid, new."Subject", new."Text");
                END;
                CREATE TRIGGER message_fts_ad AFTER DELETE ON messages BEGIN
                  INSERT INTO message_fts(message_fts, rowid, "Subject", "Text") VALUES ('delete', old.rowid, old."Subject", old."Text");
                END;
                CREATE TRIGGER message_fts_au AFTER UPDATE OF "Subject", "Text" ON messages BEGIN
                  INSERT INTO message_fts(message_fts, rowid, "Subject", "Text") VALUES ('delete', old.rowid, old."Subject", old."Text");
                  INSERT INTO message_fts(rowid, "Subject", "Text") VALUES (new.rowid, new."Subject", new."Text");
                END;
                CREATE VIRTUAL TABLE customer_fts USING fts5("Name", "Organisation", content='customers', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER customer_fts_ai AFTER INSERT ON customers BEGIN
                  INSERT INTO customer_fts(rowid, "Name", "Organisation") VALUES (new.rowid, new."Name", new."Organisation");
                END;
                CREATE TRIGGER customer_fts_ad AFTER DELETE ON customers BEGIN
                  INSERT INTO customer_fts(customer_fts, rowid, "Name", "Organisation") VALUES ('delete', old.rowid, old."Name", old."Organisation");
                END;
                CREATE TRIGGER customer_fts_au AFTER UPDATE OF "Name", "Organisation" ON customers BEGIN
                  INSERT INTO customer_fts(customer_fts, rowid, "Name", "Organisation") VALUES ('delete', old.rowid, old."Name", old."Organisation");
                  INSERT INTO customer_fts(rowid, "Name", "Organisation") VALUES (new.rowid, new."Name", new."Organisation");
                END;
                CREATE VIRTUAL TABLE note_fts USING fts5("Body", content='customer_notes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER note_fts_ai AFTER INSERT ON customer_notes BEGIN
                  INSERT INTO note_fts(rowid, "Body") VALUES (new.rowid, new."Body");
                END;
                CREATE TRIGGER note_fts_ad AFTER DELETE ON customer_notes BEGIN
                  INSERT INTO note_fts(note_fts, rowid, "Body") VALUES ('delete', old.rowid, old."Body");
                END;
                INSERT INTO message_fts(message_fts) VALUES ('rebuild');
                INSERT INTO customer_fts(customer_fts) VALUES ('rebuild');
                INSERT INTO note_fts(note_fts) VALUES ('rebuild');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS message_fts; DROP TABLE IF EXISTS customer_fts; DROP TABLE IF EXISTS note_fts;
                DROP TRIGGER IF EXISTS message_fts_ai; DROP TRIGGER IF EXISTS message_fts_ad; DROP TRIGGER IF EXISTS message_fts_au;
                DROP TRIGGER IF EXISTS customer_fts_ai; DROP TRIGGER IF EXISTS customer_fts_ad; DROP TRIGGER IF EXISTS customer_fts_au;
                DROP TRIGGER IF EXISTS note_fts_ai; DROP TRIGGER IF EXISTS note_fts_ad;
                """);
        }
    }
}
