// Known-good and known-bad samples for the feature dependency test: a tiny set of "features" under
// Rapport.UnitTests.Architecture.Samples, each using another in one way the reader must see.
namespace Rapport.UnitTests.Architecture.Samples.Orders
{
    public sealed class OrderService
    {
        // Only the method body uses Billing (inside a lambda): the reader must look at IL, not just signatures.
        public int Total(IEnumerable<int> amounts) => amounts.Sum(a => new Billing.Invoice().Add(a));
    }
}

namespace Rapport.UnitTests.Architecture.Samples.Billing
{
    public sealed class Invoice
    {
        public int Add(int amount) => amount;
    }

    public sealed class Ledger
    {
        // A generic argument of a field's type is a use too.
        private readonly List<Shipping.Parcel> parcels = [];

        public int Count => parcels.Count;
    }
}

namespace Rapport.UnitTests.Architecture.Samples.Shipping
{
    public sealed class Parcel
    {
        public int Weight { get; init; }
    }

    public static class Labels
    {
        // An async method: the use lives in the compiler's state machine, a nested type.
        public static async Task<string> PrintAsync()
        {
            await Task.Yield();
            return nameof(Orders.OrderService).ToUpperInvariant() + typeof(Orders.OrderService).Name;
        }
    }
}
