using Rapport.Features.Customers;

namespace Rapport.UnitTests.Customers;

public sealed class TenureTests
{
    private static DateTime At(int year, int month, int day) => new(year, month, day, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(2025, 3, 10, 2025, 3, 10, "0 days")]
    [InlineData(2025, 3, 10, 2025, 3, 11, "1 day")]
    [InlineData(2025, 3, 10, 2025, 3, 30, "20 days")]
    [InlineData(2025, 1, 31, 2025, 2, 28, "28 days")]
    [InlineData(2025, 1, 15, 2025, 2, 15, "1 month")]
    [InlineData(2025, 1, 15, 2025, 7, 14, "5 months")]
    [InlineData(2024, 3, 10, 2025, 3, 10, "1 year")]
    [InlineData(2024, 3, 10, 2025, 3, 9, "11 months")]
    [InlineData(2022, 1, 1, 2024, 4, 1, "2 years 3 months")]
    [InlineData(2020, 6, 1, 2025, 7, 2, "5 years 1 month")]
    public void Tenure_reads_as_people_say_it(int sy, int sm, int sd, int ny, int nm, int nd, string expected)
    {
        Assert.Equal(expected, ReturningCustomerLookup.Tenure(At(sy, sm, sd), At(ny, nm, nd)));
    }

    [Fact]
    public void A_customer_since_date_in_the_future_is_zero_days_not_negative()
    {
        Assert.Equal("0 days", ReturningCustomerLookup.Tenure(At(2025, 5, 1), At(2025, 4, 20)));
    }
}
