// Twilio's protocol is HMAC-SHA1; the tests recompute it to forge and compare signatures.
#pragma warning disable CA5350
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Features.Channels.Twilio;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels;

/// <summary>Twilio's own known-answer vectors and every signed Twilio case of shared/testdata/webhooks, replayed.</summary>
public sealed class TwilioSignatureTests
{
    private const string OtherToken = "0000000000aaaaaaaaaabbbbbbbbbbcc";

    private static JsonNode Vector(int index) => TestWebhooks.Case("twilio/known-answer-vectors.case.json")["vectors"]![index]!;

    private static List<KeyValuePair<string, string>> Params(JsonNode vector) =>
        [.. vector["params"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()))];

    /// <summary>The cases that carry an X-Twilio-Signature header, with their form body.</summary>
    public static TheoryData<string> SignedCases() =>
        [.. TestWebhooks.Cases("twilio").Where(path => TestWebhooks.Case(path)["request"]?["headers"]?["X-Twilio-Signature"] is not null)];

    /// <summary>The signed cases that record the string Twilio signed (all but the retry, which repeats another request).</summary>
    public static TheoryData<string> CasesWithStringToSign() =>
        [.. TestWebhooks.Cases("twilio").Where(path => TestWebhooks.Case(path)["signature"]?["string_to_sign"] is not null)];

    private static (string Token, string Url, List<KeyValuePair<string, string>> Form, byte[] Raw, string Header) Request(string path)
    {
        var @case = TestWebhooks.Case(path);
        var request = @case["request"]!;
        var raw = TestWebhooks.Sibling(path, request["body_file"]!.GetValue<string>());
        return (@case["secret"]!["value"]!.GetValue<string>(), request["url"]!.GetValue<string>(), WebhookForm.Parse(raw), raw,
            request["headers"]!["X-Twilio-Signature"]!.GetValue<string>());
    }

    private static string Sign(string token, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(stringToSign)));

    [Fact]
    public void The_cases_are_found_beside_the_repository()
    {
        Assert.Equal(9, SignedCases().Count);
    }

    [Fact]
    public void Twilios_known_answer_vector_is_reproduced()
    {
        var vector = Vector(0);

        Assert.True(TwilioSignature.IsValid(vector["auth_token"]!.GetValue<string>(), vector["url"]!.GetValue<string>(), Params(vector),
            vector["expected_X-Twilio-Signature"]!.GetValue<string>()));
    }

    [Fact]
    public void Twilios_known_answer_vector_is_accepted_with_the_explicit_default_port()
    {
        var vector = Vector(0);

        Assert.True(TwilioSignature.IsValid("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", Params(vector),
            vector["expected_X-Twilio-Signature"]!.GetValue<string>()));
    }

    [Fact]
    public void Twilios_known_answer_vector_with_a_wrong_signature_is_rejected()
    {
        var vector = Vector(1);
        Assert.Equal("invalid", vector["expected_result"]!.GetValue<string>());

        Assert.False(TwilioSignature.IsValid(vector["auth_token"]!.GetValue<string>(), vector["url"]!.GetValue<string>(), Params(vector),
            vector["signature"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("https://mycompany.com:8443/myapp.php?foo=1&bar=2")]
    [InlineData("http://mycompany.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=3")]
    [InlineData("https://mycompany.com/myapp.php?bar=2&foo=1")]
    public void The_known_answer_signature_does_not_fit_another_url(string url)
    {
        var vector = Vector(0);

        Assert.False(TwilioSignature.IsValid("12345", url, Params(vector), vector["expected_X-Twilio-Signature"]!.GetValue<string>()));
    }

    [Fact]
    public void The_known_answer_signature_does_not_fit_another_parameter_value_or_a_missing_or_extra_parameter()
    {
        var vector = Vector(0);
        var url = vector["url"]!.GetValue<string>();
        var signature = vector["expected_X-Twilio-Signature"]!.GetValue<string>();
        var changed = Params(vector).Select(p => p.Key == "Digits" ? KeyValuePair.Create(p.Key, "1235") : p).ToList();
        var missing = Params(vector).Where(p => p.Key != "Caller").ToList();
        var extra = Params(vector).Append(KeyValuePair.Create("Extra", "")).ToList();

        Assert.False(TwilioSignature.IsValid("12345", url, changed, signature));
        Assert.False(TwilioSignature.IsValid("12345", url, missing, signature));
        Assert.False(TwilioSignature.IsValid("12345", url, extra, signature));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_valid_as_recorded(string path)
    {
        var (token, url, form, _, header) = Request(path);

        Assert.True(TwilioSignature.IsValid(token, url, form, header));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_valid_with_the_explicit_default_port(string path)
    {
        var (token, url, form, _, header) = Request(path);
        var withPort = url.Replace("https://rapport.example.com/", "https://rapport.example.com:443/", StringComparison.Ordinal);
        Assert.NotEqual(url, withPort);

        Assert.True(TwilioSignature.IsValid(token, withPort, form, header));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_on_a_non_default_port_or_another_path(string path)
    {
        var (token, url, form, _, header) = Request(path);

        Assert.False(TwilioSignature.IsValid(token, url.Replace("example.com/", "example.com:8443/", StringComparison.Ordinal), form, header));
        Assert.False(TwilioSignature.IsValid(token, url + "/", form, header));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_with_one_byte_of_the_body_changed(string path)
    {
        var (token, url, _, raw, header) = Request(path);
        var tampered = WebhookForm.Parse(WebhookForm.WithOneByteChanged(raw, "AccountSid"));

        Assert.False(TwilioSignature.IsValid(token, url, tampered, header));
    }

    [Theory]
    [MemberData(nameof(SignedCases))]
    public void Every_signed_case_is_invalid_without_the_header_or_with_a_mangled_one(string path)
    {
        var (token, url, form, _, header) = Request(path);

        Assert.False(TwilioSignature.IsValid(token, url, form, null));
        Assert.False(TwilioSignature.IsValid(token, url, form, ""));
        Assert.False(TwilioSignature.IsValid(token, url, form, "not base64!"));
        Assert.False(TwilioSignature.IsValid(token, url, form, header[..^4]));
        Assert.False(TwilioSignature.IsValid(token, url, form, Convert.ToBase64String(new byte[20])));
        Assert.False(TwilioSignature.IsValid("", url, form, header));
    }

    [Theory]
    [MemberData(nameof(CasesWithStringToSign))]
    public void Every_signed_case_is_invalid_when_signed_with_another_token(string path)
    {
        var (token, url, form, _, header) = Request(path);
        var stringToSign = TestWebhooks.Case(path)["signature"]!["string_to_sign"]!.GetValue<string>();
        Assert.Equal(header, Sign(token, stringToSign));
        var forged = Sign(OtherToken, stringToSign);

        Assert.False(TwilioSignature.IsValid(token, url, form, forged));
        Assert.True(TwilioSignature.IsValid(OtherToken, url, form, forged));
        Assert.False(TwilioSignature.IsValid(OtherToken, url, form, header));
    }

    [Fact]
    public void Repeated_names_sign_every_value_in_arrival_order_after_the_sorted_names_before_them()
    {
        const string Url = "https://rapport.example.com/webhooks/twilio/sms";
        var signature = Sign("token", Url + "Ab2MediaUrlfirstMediaUrlsecondTo+44");
        List<KeyValuePair<string, string>> form =
            [new("To", "+44"), new("MediaUrl", "first"), new("Ab", "2"), new("MediaUrl", "second")];
        List<KeyValuePair<string, string>> swapped =
            [new("To", "+44"), new("MediaUrl", "second"), new("Ab", "2"), new("MediaUrl", "first")];

        Assert.True(TwilioSignature.IsValid("token", Url, form, signature));
        Assert.False(TwilioSignature.IsValid("token", Url, swapped, signature));
    }

    [Fact]
    public void Names_sort_by_ordinal_so_capitals_come_before_lower_case()
    {
        const string Url = "https://rapport.example.com/x";
        List<KeyValuePair<string, string>> form = [new("b", "1"), new("B", "2"), new("a", "3")];

        Assert.True(TwilioSignature.IsValid("token", Url, form, Sign("token", Url + "B2a3b1")));
        Assert.False(TwilioSignature.IsValid("token", Url, form, Sign("token", Url + "a3B2b1")));
    }

    [Theory]
    [InlineData("http://rapport.example.com/hook?x=1", "http://rapport.example.com:80/hook?x=1")]
    [InlineData("http://rapport.example.com:80/hook", "http://rapport.example.com/hook")]
    [InlineData("https://rapport.example.com", "https://rapport.example.com:443")]
    [InlineData("https://user:p%40ss@rapport.example.com/hook", "https://user:p%40ss@rapport.example.com:443/hook")]
    [InlineData("https://[2001:db8::1]/hook", "https://[2001:db8::1]:443/hook")]
    [InlineData("https://rapport.example.com:443/hook?next=https://a.example:80/", "https://rapport.example.com/hook?next=https://a.example:80/")]
    public void The_signature_is_accepted_over_either_form_of_the_default_port(string signedUrl, string requestedUrl)
    {
        var signature = Sign("token", signedUrl + "Bodyhi");

        Assert.True(TwilioSignature.IsValid("token", requestedUrl, [new("Body", "hi")], signature));
        Assert.True(TwilioSignature.IsValid("token", signedUrl, [new("Body", "hi")], signature));
    }

    [Theory]
    [InlineData("http://rapport.example.com:443/hook", "http://rapport.example.com/hook")]
    [InlineData("https://rapport.example.com:80/hook", "https://rapport.example.com/hook")]
    [InlineData("https://rapport.example.com:8443/hook", "https://rapport.example.com/hook")]
    public void Only_the_schemes_own_default_port_may_be_added_or_removed(string signedUrl, string requestedUrl)
    {
        var signature = Sign("token", signedUrl);

        Assert.False(TwilioSignature.IsValid("token", requestedUrl, [], signature));
    }

    [Fact]
    public void A_get_request_signs_only_the_url()
    {
        const string Url = "https://rapport.example.com/hook?From=%2B447700900123&Body=hi";

        Assert.True(TwilioSignature.IsValid("token", Url, [], Sign("token", Url)));
    }

    [Fact]
    public void A_long_body_beyond_the_stack_buffer_is_checked_the_same_way()
    {
        const string Url = "https://rapport.example.com/hook";
        var body = new string('é', 3000);

        Assert.True(TwilioSignature.IsValid("token", Url, [new("Body", body)], Sign("token", Url + "Body" + body)));
        Assert.False(TwilioSignature.IsValid("token", Url, [new("Body", body + "!")], Sign("token", Url + "Body" + body)));
    }

    [Fact]
    public void A_json_body_is_valid_when_it_hashes_to_the_urls_bodySHA256_and_the_url_is_signed()
    {
        var vector = Vector(2);
        var body = Encoding.UTF8.GetBytes(vector["raw_json_body"]!.GetValue<string>());
        var url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + vector["expected_bodySHA256_hex"]!.GetValue<string>();

        Assert.True(TwilioSignature.IsValidJsonBody("12345", url, body, Sign("12345", url)));
        Assert.True(TwilioSignature.IsValidJsonBody("12345", url.Replace(".com/", ".com:443/", StringComparison.Ordinal), body,
            Sign("12345", url)));
        var upperHex = url.Replace(vector["expected_bodySHA256_hex"]!.GetValue<string>(),
            vector["expected_bodySHA256_hex"]!.GetValue<string>().ToUpperInvariant(), StringComparison.Ordinal);
        Assert.True(TwilioSignature.IsValidJsonBody("12345", upperHex, body, Sign("12345", upperHex)));
    }

    [Fact]
    public void A_json_body_changed_by_one_byte_or_without_its_hash_or_signed_with_another_token_is_invalid()
    {
        var vector = Vector(2);
        var body = Encoding.UTF8.GetBytes(vector["raw_json_body"]!.GetValue<string>());
        const string Plain = "https://mycompany.com/myapp.php?foo=1&bar=2";
        var url = Plain + "&bodySHA256=" + vector["expected_bodySHA256_hex"]!.GetValue<string>();
        var tampered = (byte[])body.Clone();
        tampered[^2] ^= 1;

        Assert.False(TwilioSignature.IsValidJsonBody("12345", url, tampered, Sign("12345", url)));
        Assert.False(TwilioSignature.IsValidJsonBody("12345", Plain, body, Sign("12345", Plain)));
        Assert.False(TwilioSignature.IsValidJsonBody("12345", url, body, Sign(OtherToken, url)));
        Assert.False(TwilioSignature.IsValidJsonBody("12345", url, body, null));
    }
}
