using MudBlazor;

namespace Rapport.Features.Knowledge.Pages;

public static class KnowledgeLabels
{
    public static string Audience(KnowledgeAudience audience) => audience == KnowledgeAudience.Customer ? "Customer-facing" : "Internal";

    public static Color AudienceColor(KnowledgeAudience audience) => audience == KnowledgeAudience.Customer ? Color.Success : Color.Secondary;

    public static string Review(DateOnly reviewBy) => $"Review overdue since {reviewBy:d MMM yyyy}";
}
