using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Rapport.Components;

/// <summary>
/// Blazor's FocusOnNavigate, except that it leaves focus where a person is typing. A page becomes interactive a moment
/// after it is shown; on a busy server someone may already be typing in its reply box by then, and moving focus to the
/// heading sent their next keystrokes nowhere. After an in-app navigation focus is on a link, and goes to the heading.
/// </summary>
public sealed class FocusHeadingOnNavigate(IJSRuntime js) : ComponentBase
{
    private Type? lastPage;
    private bool focusAfterRender;

    [Parameter, EditorRequired]
    public Microsoft.AspNetCore.Components.RouteData RouteData { get; set; } = default!;

    [Parameter]
    public string Selector { get; set; } = "h1";

    protected override void OnParametersSet()
    {
        if (RouteData.PageType != lastPage)
        {
            lastPage = RouteData.PageType;
            focusAfterRender = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (focusAfterRender)
        {
            focusAfterRender = false;
            await js.InvokeVoidAsync("rapportFocusHeading", Selector);
        }
    }
}
