using System.Security.Cryptography;
using System.Text;
using Rapport.Features.Channels.Meta;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels;

/// <summary>Every signed WhatsApp and Messenger case of shared/testdata/webhooks, replayed over the raw bytes as stored.</summary>
public sealed class MetaSignatureTests
{
    private const string OtherSecret = "00000000000000000000000000000000";

    /// <summary>Cases whose recorded signature is the genuine one for their body (not the tampered negative case).</summary>
    public static TheoryData<string> SignedCases() =>
        [.. TestWebhooks.Cases("whatsapp").Concat(TestWebhooks.Cases("messenger"))
            .Where(path => TestWebhooks.Case(path)["signature"]?["expected"] is not null)];

    private static (string Secret, byte[] Body, string Sha256, string? Sha1) Request(string path)
    {
        var @case = TestWebhooks.Case(path);
        var request = @case["request"]!;
        var headers = request["headers"]!;
        return (@case["secret"]!["value"]!.GetValue<string>(), TestWebhooks.Sibling(path, request["body_file"]!.GetValue<string>()),
            headers["X-Hub-Signature-256"]!.GetValue<string>(), headers["X-Hub-Signature"]?.GetValue<string>());
    }

    private static string Sha256Header(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Fact]
    public void The_cases_are_found_beside_the_repository()
    {
        Assert.Equal(6, SignedCases().Count);
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_valid_over_its_raw_bytes(string path)
    {
        var (secret, body, sha256, sha1) = Request(path);

        Assert.True(MetaSignature.IsValid(secret, body, sha256, sha1));
        Assert.True(MetaSignature.IsValid(secret, body, sha256, null));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_valid_with_upper_case_hex(string path)
    {
        var (secret, body, sha256, _) = Request(path);

        Assert.True(MetaSignature.IsValid(secret, body, "sha256=" + sha256["sha256=".Length..].ToUpperInvariant(), null));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_with_one_byte_of_the_body_changed(string path)
    {
        var (secret, body, sha256, sha1) = Request(path);

        for (var at = 0; at < body.Length; at += Math.Max(1, body.Length / 7))
        {
            var tampered = (byte[])body.Clone();
            tampered[at] ^= 0x01;
            Assert.False(MetaSignature.IsValid(secret, tampered, sha256, sha1), $"byte {at} changed");
        }

        Assert.False(MetaSignature.IsValid(secret, [.. body, (byte)'\n'], sha256, sha1));
        Assert.False(MetaSignature.IsValid(secret, body.AsSpan(0, body.Length - 1), sha256, sha1));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_without_a_header_or_with_a_mangled_one(string path)
    {
        var (secret, body, sha256, _) = Request(path);

        Assert.False(MetaSignature.IsValid(secret, body, null, null));
        Assert.False(MetaSignature.IsValid(secret, body, "", ""));
        Assert.False(MetaSignature.IsValid(secret, body, sha256["sha256=".Length..], null));
        Assert.False(MetaSignature.IsValid(secret, body, "sha1=" + sha256["sha256=".Length..], null));
        Assert.False(MetaSignature.IsValid(secret, body, sha256[..^2], null));
        Assert.False(MetaSignature.IsValid(secret, body, sha256[..^1] + "g", null));
        Assert.False(MetaSignature.IsValid("", body, sha256, null));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_when_signed_with_another_secret(string path)
    {
        var (secret, body, sha256, _) = Request(path);
        Assert.Equal(sha256, Sha256Header(secret, body));
        var forged = Sha256Header(OtherSecret, body);

        Assert.False(MetaSignature.IsValid(secret, body, forged, null));
        Assert.True(MetaSignature.IsValid(OtherSecret, body, forged, null));
    }

    [Fact]
    public void A_reformatted_body_with_the_original_signature_is_rejected_because_the_hmac_is_over_bytes()
    {
        const string Path = "whatsapp/tampered-reformatted-body.case.json";
        var @case = TestWebhooks.Case(Path);
        var (secret, reformatted, sent, _) = Request(Path);
        var original = TestWebhooks.Sibling(Path, "inbound-text-unicode-escaped.json");

        Assert.False(MetaSignature.IsValid(secret, reformatted, sent, null));
        Assert.True(MetaSignature.IsValid(secret, original, sent, null));
        Assert.True(MetaSignature.IsValid(secret, reformatted, @case["signature"]!["correct_for_these_bytes"]!.GetValue<string>(), null));
    }

    [Fact]
    public void Messengers_legacy_sha1_header_is_accepted_when_it_is_the_only_one()
    {
        var (secret, body, _, sha1) = Request("messenger/inbound-text.case.json");
        Assert.NotNull(sha1);

        Assert.True(MetaSignature.IsValid(secret, body, null, sha1));
        Assert.True(MetaSignature.IsValid(secret, body, "", sha1));
        Assert.False(MetaSignature.IsValid(secret, body.AsSpan(1), null, sha1));
        Assert.False(MetaSignature.IsValid(OtherSecret, body, null, sha1));
        Assert.False(MetaSignature.IsValid(secret, body, null, "sha256=" + sha1["sha1=".Length..]));
    }

    [Fact]
    public void A_wrong_sha256_signature_is_not_rescued_by_a_right_sha1_one()
    {
        var (secret, body, _, sha1) = Request("messenger/inbound-text.case.json");

        Assert.False(MetaSignature.IsValid(secret, body, Sha256Header(OtherSecret, body), sha1));
    }

    /// <summary>Each recorded GET with the challenge it must echo, or null where the answer is 403.</summary>
    public static TheoryData<string, string?> VerificationRequests()
    {
        var data = new TheoryData<string, string?>();
        foreach (var request in TestWebhooks.Case("whatsapp/verify-subscription.case.json")["requests"]!.AsArray())
        {
            var name = request!["name"]!.GetValue<string>();
            data.Add(request["url"]!.GetValue<string>(), name == "correct token" ? "1158201444" : null);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VerificationRequests))]
    public void The_verification_handshake_echoes_the_challenge_only_for_subscribe_with_the_right_token(string url, string? echoed)
    {
        var secret = TestWebhooks.Case("whatsapp/verify-subscription.case.json")["secret"]!["value"]!.GetValue<string>();
        var query = WebhookForm.Parse(new Uri(url).Query).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(echoed, MetaSignature.Challenge(query["hub.mode"], query["hub.verify_token"], query["hub.challenge"], secret));
    }

    [Fact]
    public void The_verification_handshake_refuses_a_missing_token_or_challenge_and_an_unconfigured_token()
    {
        Assert.Null(MetaSignature.Challenge("subscribe", null, "1158201444", "meatyhamhock"));
        Assert.Null(MetaSignature.Challenge("subscribe", "meatyhamhock", null, "meatyhamhock"));
        Assert.Null(MetaSignature.Challenge(null, "meatyhamhock", "1158201444", "meatyhamhock"));
        Assert.Null(MetaSignature.Challenge("SUBSCRIBE", "meatyhamhock", "1158201444", "meatyhamhock"));
        Assert.Null(MetaSignature.Challenge("subscribe", "meatyhamhocks", "1158201444", "meatyhamhock"));
        Assert.Null(MetaSignature.Challenge("subscribe", "", "1158201444", ""));
    }
}
