using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Infrastructure.Data;

namespace Rapport.Load.Chat;

/// <summary>Where the answers that never reached a visitor went, as the node's database has them (the first few).</summary>
internal static class UnansweredDiagnosis
{
    public static async Task PrintAsync(IServiceProvider services, IReadOnlyList<SentMessage> sent, CancellationToken ct)
    {
        var unanswered = sent.Where(s => s.MessageId is not null && s.AnswerReceivedAt is null).Select(s => s.MessageId!.Value).Take(5).ToList();
        if (unanswered.Count == 0)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        foreach (var id in unanswered)
        {
            var asked = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
            var text = ChatRun.AnswerTo(id);
            var answer = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Text == text, ct);
            Console.WriteLine($"{"",-14} unanswered {id:N}: asked in {asked?.ConversationId:N} ({asked?.Channel}, {asked?.ProviderMessageId}); " +
                $"answer {(answer is null ? "not stored" : $"in {answer.ConversationId:N} {answer.Channel} {answer.Direction} {answer.Delivery} automatic={answer.IsAutomatic} to {answer.To} inReplyTo {answer.InReplyTo}")}");
        }
    }
}
