using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search: generated tsvector columns with GIN indexes ('simple': no language stemming, as
            // customers write in many languages).
            migrationBuilder.Sql("""
                ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
                  (setweight(to_tsvector('simple', coalesce("Subject", '')), 'A') || setweight(to_tsvector('simple', "Text"), 'B')) STORED;
                CREATE INDEX ix_messages_search ON messages USING GIN (search_vector);
                ALTER TABLE customers ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
                  (to_tsvector('simple', "Name" || ' ' || coalesce("Organisation", ''))) STORED;
                CREATE INDEX ix_customers_search ON customers USING GIN (search_vector);
                ALTER TABLE customer_notes ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Body")) STORED;
                CREATE INDEX ix_customer_notes_search ON customer_notes USING GIN (search_vector);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE messages DROP COLUMN IF EXISTS search_vector;
                ALTER TABLE customers DROP COLUMN IF EXISTS search_vector;
                ALTER TABLE customer_notes DROP COLUMN IF EXISTS search_vector;
                """);
        }
    }
}
