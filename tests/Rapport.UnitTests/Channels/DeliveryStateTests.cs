using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Channels;

/// <summary>Status callbacks arrive in any order and more than once; a message only ever moves forward.</summary>
public sealed class DeliveryStateTests
{
    private static readonly DateTime At = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Message Sent()
    {
        var m = new Message { From = "+447700900001", Text = "hello" };
        m.Queue();
        m.MarkSent();
        return m;
    }

    [Fact]
    public void Delivered_before_sent_stays_delivered_and_read_still_moves_it()
    {
        var m = Sent();

        Assert.True(m.ApplyReport(DeliveryState.Delivered, null, null, At));
        Assert.False(m.ApplyReport(DeliveryState.Sent, null, null, At));
        Assert.Equal(DeliveryState.Delivered, m.Delivery);
        Assert.True(m.ApplyReport(DeliveryState.Read, null, null, At));
        Assert.False(m.ApplyReport(DeliveryState.Read, null, null, At));
    }

    [Fact]
    public void A_failure_keeps_its_code_and_reason_and_nothing_later_undoes_it()
    {
        var m = Sent();

        Assert.True(m.ApplyReport(DeliveryState.Failed, "30003", "Unreachable destination handset", At));
        Assert.False(m.ApplyReport(DeliveryState.Delivered, null, null, At));
        Assert.False(m.ApplyReport(DeliveryState.Read, null, null, At));

        Assert.Equal((DeliveryState.Failed, "30003", "Unreachable destination handset"), (m.Delivery, m.DeliveryErrorCode, m.DeliveryError));
    }
}
