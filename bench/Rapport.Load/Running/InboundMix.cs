using System.Globalization;
using Rapport.Load.Samples;

namespace Rapport.Load.Running;

/// <summary>
/// The messages of the ingestion scenario, a realistic mix: 60% from returning customers (a sampled customer's email
/// or phone, written as people type it), 25% from new senders, 15% email replies into a conversation this worker
/// started earlier (In-Reply-To and References). Each comes with what the answer must say. One instance per run;
/// each worker only touches its own slot.
/// </summary>
internal sealed class InboundMix
{
    public const int ReturningPercent = 60;
    public const int NewPercent = 25;
    private const int RepliesKept = 64;

    private static readonly string[] Subjects =
        ["Where is my order?", "Change of address", "Refund request", "Problem with my invoice", "Appointment next week", "Thank you"];

    private static readonly string[] Bodies =
    [
        "Hello, I ordered last Tuesday and nothing has arrived yet. Could you tell me where the parcel is? Thanks.",
        "Hi, I have moved house. Please send future letters to the new address I gave on the phone. Kind regards.",
        "The amount on my last invoice is higher than agreed. Can someone look at it and call me back, please?",
        "Good morning, can I move my appointment to Thursday afternoon? Any time after two works for me.",
        "Just a quick note to say thank you for sorting this out so quickly yesterday.",
    ];

    private readonly Sample[] returning;
    private readonly string runId;
    private readonly Queue<Replyable>[] sent;

    public InboundMix(IReadOnlyList<Sample> samples, string runId, int workers)
    {
        returning = samples.Where(s => s.Expect == "hit" && s.Kind is "email" or "phone" && s.CustomerId is not null).ToArray();
        if (returning.Length == 0)
        {
            throw new InvalidOperationException("The sample file has no customer emails or phones; run generate first.");
        }

        this.runId = runId;
        sent = Enumerable.Range(0, workers).Select(_ => new Queue<Replyable>()).ToArray();
    }

    public InboundCase Next(Random random, int worker, long n)
    {
        var roll = random.Next(100);
        var at = DateTime.UtcNow;
        var subject = Subjects[random.Next(Subjects.Length)];
        var text = Bodies[random.Next(Bodies.Length)];
        if (roll >= ReturningPercent + NewPercent && sent[worker].Count > 0)
        {
            var parent = sent[worker].ElementAt(random.Next(sent[worker].Count));
            var reply = new InboundBody("email", MessageId(worker, n), new InboundFrom(parent.Email, null), text, "Re: " + parent.Subject, at,
                parent.MessageId, [parent.MessageId]);
            return new InboundCase("reply", reply, parent.CustomerId, parent.ConversationId, false);
        }

        if (roll >= ReturningPercent)
        {
            var email = $"sender.{runId}.{worker}.{n}@new.bench.example";
            return new InboundCase("new", new InboundBody("email", MessageId(worker, n), new InboundFrom(email, null), text, subject, at), null, null, true);
        }

        var sample = returning[random.Next(returning.Length)];
        var body = sample.Kind == "email"
            ? new InboundBody("email", MessageId(worker, n), new InboundFrom(sample.Value, null), text, subject, at)
            : new InboundBody("sms", $"sms-{runId}-{worker}-{n}", new InboundFrom(null, sample.Value), text, null, at);
        return new InboundCase("returning", body, sample.CustomerId, null, false);
    }

    /// <summary>Remembers a stored email so a later message of this worker can reply to it.</summary>
    public void Stored(int worker, InboundCase sentCase, Guid customerId, Guid conversationId)
    {
        if (sentCase.Body.Channel != "email")
        {
            return;
        }

        Remember(worker, sentCase, customerId, conversationId);
    }

    /// <summary>
    /// Remembers an email acknowledged but not yet processed (<c>202</c>): a later message may reply to it by its Message-ID;
    /// which customer and conversation the reply must join is then not known to the sender.
    /// </summary>
    public void Accepted(int worker, InboundCase sentCase)
    {
        if (sentCase.Body.Channel == "email")
        {
            Remember(worker, sentCase, null, null);
        }
    }

    private void Remember(int worker, InboundCase sentCase, Guid? customerId, Guid? conversationId)
    {
        var queue = sent[worker];
        queue.Enqueue(new Replyable(sentCase.Body.ProviderMessageId, sentCase.Body.From.Email!, sentCase.Body.Subject ?? "", customerId, conversationId));
        if (queue.Count > RepliesKept)
        {
            queue.Dequeue();
        }
    }

    private string MessageId(int worker, long n) => string.Create(CultureInfo.InvariantCulture, $"<{runId}.{worker}.{n}@mail.bench.example>");

    private sealed record Replyable(string MessageId, string Email, string Subject, Guid? CustomerId, Guid? ConversationId);
}

/// <summary>The JSON body of <c>POST /api/v1/inbound-messages</c>.</summary>
internal sealed record InboundBody(string Channel, string ProviderMessageId, InboundFrom From, string Text, string? Subject, DateTime SentAt,
    string? InReplyTo = null, IReadOnlyList<string>? References = null);

internal sealed record InboundFrom(string? Email, string? Phone);

/// <summary>One message to send and what ingestion must answer: the customer it belongs to, the conversation, a new customer.</summary>
internal sealed record InboundCase(string Kind, InboundBody Body, Guid? ExpectCustomer, Guid? ExpectConversation, bool ExpectNewCustomer);
