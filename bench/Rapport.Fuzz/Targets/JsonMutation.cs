using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Rapport.Fuzz;

/// <summary>JSON built from a grammar of a target's own field names, and real JSON with nodes replaced by hostile values.</summary>
public static class JsonMutation
{
    public static string RandomJson(PCG random, int depth, IReadOnlyList<string> keys)
    {
        var kind = depth > 5 ? 3 + random.Below(3) : random.Below(6);
        switch (kind)
        {
            case 0 or 1:
                var members = Enumerable.Range(0, random.Below(6)).Select(_ => $"{Nasty.JsonString(random.Chance(90) ? random.OneOf(keys) : random.OneOf(Nasty.Strings))}:{RandomJson(random, depth + 1, keys)}");
                return "{" + string.Join(",", members) + "}";
            case 2:
                return "[" + string.Join(",", Enumerable.Range(0, random.Below(4)).Select(_ => RandomJson(random, depth + 1, keys))) + "]";
            case 3:
                return random.OneOf(Nasty.JsonValues);
            default:
                return Nasty.JsonString(random.Chance(50) ? random.OneOf(keys) : random.OneOf(Nasty.Strings));
        }
    }

    /// <summary>A real JSON payload with one to three of its nodes replaced by hostile or grammar-built values.</summary>
    public static byte[] TreeMutated(PCG random, byte[] json, IReadOnlyList<string> keys)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }

        var nodes = new List<JsonNode>();
        void Walk(JsonNode? node)
        {
            if (node is null)
            {
                return;
            }

            nodes.Add(node);
            foreach (var child in node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a.AsEnumerable(), _ => [] })
            {
                Walk(child);
            }
        }

        Walk(root);
        var replacements = new Dictionary<string, string>();
        for (var k = random.Below(3) + 1; k > 0 && nodes.Count > 1; k--)
        {
            var node = nodes[1 + random.Below(nodes.Count - 1)];
            if (node.Parent is null)
            {
                continue;
            }

            var marker = $"__fuzz{k}__";
            replacements[$"\"{marker}\""] = random.Chance(50) ? random.OneOf(Nasty.JsonValues) : RandomJson(random, 3, keys);
            switch (node.Parent)
            {
                case JsonObject parent:
                    parent[node.GetPropertyName()] = marker;
                    break;
                case JsonArray array:
                    array[node.GetElementIndex()] = marker;
                    break;
            }

            nodes = [];
            Walk(root);
        }

        var text = root?.ToJsonString() ?? "null";
        foreach (var (marker, raw) in replacements)
        {
            text = text.Replace(marker, raw, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }
}
