using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CustomerNameWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Customer name search by word start (CustomerNameSearch): every word of every name, in a B-tree whose
            // entries also carry all the name's words (" jean jean-luc luc picard"), so a word start is one range of the
            // index and the search's other word starts are checked in the same entries, without reading the table. The GIN index answered a word start by merging
            // the lists of every word it begins (1.5 ms for two words at 1M names; 12 ms when one is "llc"); a range
            // here is 0.4–1 ms. "C" collation: the range of a start is byte order. Kept by a trigger so every writer
            // (the app, bulk loads, a restore) keeps it; no SQLite counterpart (its FTS5 index answers prefixes well).
            migrationBuilder.Sql("""
                CREATE TABLE customer_name_words (
                  "Word" text COLLATE "C" NOT NULL,
                  "CustomerId" uuid NOT NULL,
                  "Words" text NOT NULL,
                  CONSTRAINT pk_customer_name_words PRIMARY KEY ("Word", "CustomerId") INCLUDE ("Words"));

                CREATE FUNCTION customer_name_words_kept() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'UPDATE' AND NEW."NameNormalized" = OLD."NameNormalized" THEN
                    RETURN NULL;
                  END IF;
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    DELETE FROM customer_name_words
                    WHERE "CustomerId" = OLD."Id" AND "Word" IN (SELECT lexeme FROM unnest(to_tsvector('simple', OLD."NameNormalized")));
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO customer_name_words ("Word", "CustomerId", "Words")
                    SELECT w.lexeme, NEW."Id", a.words FROM unnest(to_tsvector('simple', NEW."NameNormalized")) w,
                      (SELECT ' ' || string_agg(lexeme, ' ') AS words FROM unnest(to_tsvector('simple', NEW."NameNormalized"))) a;
                  END IF;
                  RETURN NULL;
                END $$;

                CREATE TRIGGER customer_name_words_kept AFTER INSERT OR DELETE OR UPDATE OF "NameNormalized" ON customers
                  FOR EACH ROW EXECUTE FUNCTION customer_name_words_kept();

                INSERT INTO customer_name_words ("Word", "CustomerId", "Words")
                SELECT w.lexeme, c."Id", a.words FROM customers c
                  CROSS JOIN LATERAL (SELECT ' ' || string_agg(lexeme, ' ') AS words FROM unnest(to_tsvector('simple', c."NameNormalized"))) a
                  CROSS JOIN LATERAL unnest(to_tsvector('simple', c."NameNormalized")) w;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS customer_name_words_kept ON customers;
                DROP FUNCTION IF EXISTS customer_name_words_kept();
                DROP TABLE IF EXISTS customer_name_words;
                """);
        }
    }
}
