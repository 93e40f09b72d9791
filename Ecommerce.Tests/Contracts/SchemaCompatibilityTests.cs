using System.Text.Json.Nodes;

namespace Ecommerce.Tests.Contracts;

public sealed class SchemaCompatibilityTests
{
    private const string Before = """
        {
          "title": "ecommerce.tests.thing.v1",
          "type": "object",
          "properties": {
            "id": { "description": "Its id.", "type": "string", "format": "uuid" },
            "name": { "type": "string", "maxLength": 200 },
            "note": { "type": "string" },
            "address": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] }
          },
          "required": ["id", "name", "address"]
        }
        """;

    [Fact]
    public void The_same_schema_has_no_changes() =>
        SchemaCompatibility.Verdict(Compare(_ => { })).Should().Be(Compatibility.Same);

    [Fact]
    public void Rewording_a_description_is_documentation() =>
        Verdict(s => s["properties"]!["id"]!["description"] = "The thing's id.").Should().Be(Compatibility.Same);

    [Fact]
    public void Adding_an_optional_field_is_compatible() =>
        Verdict(s => s["properties"]!.AsObject().Add("colour", new JsonObject { ["type"] = "string" })).Should().Be(Compatibility.Compatible);

    [Fact]
    public void Adding_a_required_field_is_breaking() =>
        Verdict(s =>
        {
            s["properties"]!.AsObject().Add("colour", new JsonObject { ["type"] = "string" });
            s["required"]!.AsArray().Add("colour");
        }).Should().Be(Compatibility.Breaking);

    [Fact]
    public void Removing_a_field_is_breaking() =>
        Verdict(s => s["properties"]!.AsObject().Remove("note")).Should().Be(Compatibility.Breaking);

    [Fact]
    public void Renaming_a_field_is_a_removal_and_an_addition_so_breaking()
    {
        var changes = Compare(s =>
        {
            var properties = s["properties"]!.AsObject();
            var note = properties["note"]!.DeepClone();
            properties.Remove("note");
            properties.Add("remark", note);
        });

        changes.Select(c => (c.Field, c.Compatibility)).Should().BeEquivalentTo([("note", Compatibility.Breaking), ("remark", Compatibility.Compatible)]);
        SchemaCompatibility.Verdict(changes).Should().Be(Compatibility.Breaking);
    }

    [Fact]
    public void Retyping_a_field_is_breaking() =>
        Verdict(s => s["properties"]!["id"]!["format"] = "uri").Should().Be(Compatibility.Breaking);

    [Fact]
    public void Making_a_field_required_is_breaking() =>
        Verdict(s => s["required"]!.AsArray().Add("note")).Should().Be(Compatibility.Breaking);

    [Fact]
    public void Making_a_field_optional_is_breaking_for_readers_that_rely_on_it() =>
        Verdict(s => s["required"] = new JsonArray("id", "address")).Should().Be(Compatibility.Breaking);

    [Fact]
    public void Changing_what_values_a_field_admits_is_breaking() =>
        Verdict(s => s["properties"]!["name"]!["maxLength"] = 100).Should().Be(Compatibility.Breaking);

    [Fact]
    public void A_nested_field_removed_is_breaking_and_named_by_its_path()
    {
        var changes = Compare(s => s["properties"]!["address"]!["properties"]!.AsObject().Remove("city"));

        changes.Should().Contain(c => c.Field == "address.city" && c.Compatibility == Compatibility.Breaking);
    }

    private static Compatibility Verdict(Action<JsonObject> change) => SchemaCompatibility.Verdict(Compare(change));

    private static IReadOnlyList<SchemaChange> Compare(Action<JsonObject> change)
    {
        var after = JsonNode.Parse(Before)!.AsObject();
        change(after);
        return SchemaCompatibility.Compare(JsonNode.Parse(Before)!.AsObject(), after);
    }
}
