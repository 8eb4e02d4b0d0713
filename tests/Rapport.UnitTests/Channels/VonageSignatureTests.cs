// Vonage's md5hash/md5/sha1 methods are fixed by the provider; the tests recompute them to forge and compare signatures.
#pragma warning disable CA5350, CA5351
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Features.Channels.Vonage;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels;

/// <summary>Vonage's SDK known-answer vectors and every signed Vonage case of shared/testdata/webhooks, replayed.</summary>
public sealed class VonageSignatureTests
{
    private const string OtherSecret = "Aa0Bb1Cc2Dd3Ee4Ff5Gg6Hh7Ii8Jj9Kk";
    private const string SecretPlaceholder = "<signature secret appended>";

    public static TheoryData<int> Vectors() =>
        [.. Enumerable.Range(0, TestWebhooks.Case("vonage/known-answer-vectors.case.json")["vectors"]!.AsArray().Count)];

    public static TheoryData<string> SignedCases() =>
        [.. TestWebhooks.Cases("vonage").Where(path => TestWebhooks.Case(path)["request"]?["query_file"] is not null)];

    private static VonageSignatureMethod Method(string described) => described switch
    {
        _ when described.StartsWith("md5hash", StringComparison.Ordinal) => VonageSignatureMethod.Md5Hash,
        _ when described.StartsWith("HMAC-MD5", StringComparison.Ordinal) || described == "md5" => VonageSignatureMethod.Md5,
        _ when described.StartsWith("HMAC-SHA256", StringComparison.Ordinal) || described == "sha256" => VonageSignatureMethod.Sha256,
        _ => throw new ArgumentException($"No signature method for '{described}'."),
    };

    private static (string Secret, VonageSignatureMethod Method, List<KeyValuePair<string, string>> Parameters, string Sig) Vector(int index)
    {
        var vector = TestWebhooks.Case("vonage/known-answer-vectors.case.json")["vectors"]![index]!;
        List<KeyValuePair<string, string>> parameters =
            [.. vector["params"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()))];
        return (vector["secret"]!.GetValue<string>(), Method(vector["method"]!.GetValue<string>()), parameters,
            vector["expected_sig"]!.GetValue<string>());
    }

    private static (string Secret, VonageSignatureMethod Method, byte[] Raw, JsonNode Case) Request(string path)
    {
        var @case = TestWebhooks.Case(path);
        return (@case["secret"]!["value"]!.GetValue<string>(), Method(@case["secret"]!["signature_method"]!.GetValue<string>()),
            TestWebhooks.Sibling(path, @case["request"]!["query_file"]!.GetValue<string>()), @case);
    }

    private static List<KeyValuePair<string, string>> WithSig(List<KeyValuePair<string, string>> parameters, string sig) =>
        [.. parameters.Where(p => p.Key != "sig"), KeyValuePair.Create("sig", sig)];

    [Fact]
    public void The_cases_are_found_beside_the_repository()
    {
        Assert.Equal(4, Vectors().Count);
        Assert.Equal(4, SignedCases().Count);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_known_answer_vector_is_reproduced(int index)
    {
        var (secret, method, parameters, sig) = Vector(index);

        Assert.True(VonageSignature.IsValid(secret, method, WithSig(parameters, sig)));
        Assert.True(VonageSignature.IsValid(secret, method, WithSig(parameters, sig.ToUpperInvariant())));
        Assert.True(VonageSignature.IsValid(secret, method, [KeyValuePair.Create("sig", sig), .. Enumerable.Reverse(parameters)]));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_known_answer_vector_is_invalid_under_another_method_secret_or_value(int index)
    {
        var (secret, method, parameters, sig) = Vector(index);
        var changed = parameters.Select(p => p.Key == "timestamp" ? KeyValuePair.Create(p.Key, "1234567891") : p).ToList();

        Assert.False(VonageSignature.IsValid(secret, method == VonageSignatureMethod.Md5Hash ? VonageSignatureMethod.Md5 : VonageSignatureMethod.Md5Hash,
            WithSig(parameters, sig)));
        Assert.False(VonageSignature.IsValid(secret + "x", method, WithSig(parameters, sig)));
        Assert.False(VonageSignature.IsValid(secret, method, WithSig(changed, sig)));
        Assert.False(VonageSignature.IsValid(secret, method, parameters));
        Assert.False(VonageSignature.IsValid(secret, method, WithSig(parameters, "")));
        Assert.False(VonageSignature.IsValid(secret, method, [.. WithSig(parameters, sig), KeyValuePair.Create("sig", sig)]));
        Assert.False(VonageSignature.IsValid("", method, WithSig(parameters, sig)));
    }

    [Fact]
    public void Ampersand_and_equals_inside_values_are_signed_as_underscores_but_still_count()
    {
        var (secret, method, parameters, sig) = Vector(3);
        var underscored = parameters.Select(p => KeyValuePair.Create(p.Key, p.Value.Replace('&', '_').Replace('=', '_'))).ToList();
        var otherText = parameters.Select(p => KeyValuePair.Create(p.Key, p.Value.Replace('&', '-'))).ToList();

        Assert.True(VonageSignature.IsValid(secret, method, WithSig(underscored, sig)));
        Assert.False(VonageSignature.IsValid(secret, method, WithSig(otherText, sig)));
    }

    [Theory]
    [InlineData(VonageSignatureMethod.Sha1)]
    [InlineData(VonageSignatureMethod.Sha512)]
    [InlineData(VonageSignatureMethod.Sha256)]
    [InlineData(VonageSignatureMethod.Md5)]
    public void Every_hmac_method_signs_the_same_base_string(VonageSignatureMethod method)
    {
        var vector = TestWebhooks.Case("vonage/known-answer-vectors.case.json")["vectors"]![1]!;
        var (secret, _, parameters, _) = Vector(1);
        var data = Encoding.UTF8.GetBytes(vector["string_to_sign"]!.GetValue<string>());
        var key = Encoding.UTF8.GetBytes(secret);
        var sig = Convert.ToHexStringLower(method switch
        {
            VonageSignatureMethod.Sha1 => HMACSHA1.HashData(key, data),
            VonageSignatureMethod.Sha512 => HMACSHA512.HashData(key, data),
            VonageSignatureMethod.Sha256 => HMACSHA256.HashData(key, data),
            _ => HMACMD5.HashData(key, data),
        });

        Assert.True(VonageSignature.IsValid(secret, method, WithSig(parameters, sig)));
        Assert.All(Enum.GetValues<VonageSignatureMethod>().Where(other => other != method),
            other => Assert.False(VonageSignature.IsValid(secret, other, WithSig(parameters, sig))));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_valid_as_recorded(string path)
    {
        var (secret, method, raw, @case) = Request(path);
        var parameters = WebhookForm.Parse(raw);

        Assert.Equal(@case["signature"]!["expected"]!.GetValue<string>(), parameters.Single(p => p.Key == "sig").Value);
        Assert.True(VonageSignature.IsValid(secret, method, parameters));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_with_one_byte_of_the_text_changed_or_the_sig_removed(string path)
    {
        var (secret, method, raw, _) = Request(path);
        var parameters = WebhookForm.Parse(raw);

        Assert.False(VonageSignature.IsValid(secret, method, WebhookForm.Parse(WebhookForm.WithOneByteChanged(raw, "text"))));
        Assert.False(VonageSignature.IsValid(secret, method, WebhookForm.Parse(WebhookForm.WithOneByteChanged(raw, "timestamp"))));
        Assert.False(VonageSignature.IsValid(secret, method, parameters.Where(p => p.Key != "sig")));
        Assert.False(VonageSignature.IsValid(secret, method, parameters.Where(p => p.Key != "nonce")));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_when_signed_with_another_secret(string path)
    {
        var (secret, method, raw, @case) = Request(path);
        var parameters = WebhookForm.Parse(raw);
        var signed = @case["signature"]!["string_to_sign"]!.GetValue<string>().Replace(SecretPlaceholder, "", StringComparison.Ordinal);
        string Sign(string key) => Convert.ToHexStringLower(method == VonageSignatureMethod.Md5Hash
            ? MD5.HashData(Encoding.UTF8.GetBytes(signed + key))
            : HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(signed)));
        Assert.Equal(@case["signature"]!["expected"]!.GetValue<string>(), Sign(secret));

        Assert.False(VonageSignature.IsValid(secret, method, WithSig(parameters, Sign(OtherSecret))));
        Assert.True(VonageSignature.IsValid(OtherSecret, method, WithSig(parameters, Sign(OtherSecret))));
    }

    [Fact]
    public void The_corpus_timestamps_are_fresh_at_the_time_they_were_sent_and_stale_now()
    {
        var (_, _, raw, _) = Request("vonage/inbound-sms-signed-md5hash.case.json");
        var timestamp = WebhookForm.Parse(raw).Single(p => p.Key == "timestamp").Value;
        var sent = DateTimeOffset.FromUnixTimeSeconds(1752586212);

        Assert.True(VonageSignature.IsFresh(timestamp, sent.AddSeconds(30), TimeSpan.FromMinutes(5)));
        Assert.False(VonageSignature.IsFresh(timestamp, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("1752586212", 0, true)]
    [InlineData("1752586212", 300, true)]
    [InlineData("1752586212", -300, true)]
    [InlineData("1752586212", 301, false)]
    [InlineData("1752586212", -301, false)]
    [InlineData(null, 0, false)]
    [InlineData("", 0, false)]
    [InlineData("17525862l2", 0, false)]
    [InlineData("-1752586212", 0, false)]
    [InlineData(" 1752586212", 0, false)]
    [InlineData("1752586212.5", 0, false)]
    [InlineData("99999999999999999999", 0, false)]
    [InlineData("9223372036854775807", 0, false)]
    public void Freshness_is_the_timestamp_within_the_window_either_way(string? timestamp, int nowOffsetSeconds, bool fresh)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1752586212).AddSeconds(nowOffsetSeconds);

        Assert.Equal(fresh, VonageSignature.IsFresh(timestamp, now, TimeSpan.FromMinutes(5)));
    }
}
