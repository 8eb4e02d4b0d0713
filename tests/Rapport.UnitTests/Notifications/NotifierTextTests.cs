using Rapport.Features.Notifications;

namespace Rapport.UnitTests.Notifications;

public sealed class NotifierTextTests
{
    [Fact]
    public void A_text_that_fits_is_kept_as_it_is()
    {
        var text = new string('a', Notification.TextMaxLength);

        Assert.Same(text, Notifier.Fit(text));
    }

    [Fact]
    public void A_longer_text_is_cut_to_the_column_and_ends_in_an_ellipsis()
    {
        var fitted = Notifier.Fit(new string('a', Notification.TextMaxLength + 1));

        Assert.Equal(Notification.TextMaxLength, fitted.Length);
        Assert.EndsWith("a…", fitted, StringComparison.Ordinal);
    }
}
