using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Verify;

public sealed class JsonCanonicalizerTests
{
    [Theory]
    [InlineData("{\"b\": 1, \"a\": 2}", "{\"a\":2,\"b\":1}")]
    [InlineData("{ \"a\" :[1 , 2 ] }", "{\"a\":[1,2]}")]
    [InlineData("{\"x\": \"\\u00e9\"}", "{\"x\":\"é\"}")]
    [InlineData("[1.0, 1, 1e0, 2.50, -0.0, 1E2]", "[1,1,1,2.5,0,100]")]
    [InlineData("{\"a\": 1, \"a\": 2}", "{\"a\":2}")]
    [InlineData("{\"k\": 1, \"arr\": [1, 2, 1]}", "{\"arr\":[1,2,1],\"k\":1}")]
    public void Equal_json_spelled_differently_normalizes_to_one_text(string json, string expected)
    {
        Assert.Equal(expected, JsonCanonicalizer.Normalize(json));
    }

    [Fact]
    public void Different_json_stays_different()
    {
        Assert.NotEqual(JsonCanonicalizer.Normalize("{\"a\": [1, 2]}"), JsonCanonicalizer.Normalize("{\"a\": [2, 1]}"));
        Assert.NotEqual(JsonCanonicalizer.Normalize("{\"a\": \"1\"}"), JsonCanonicalizer.Normalize("{\"a\": 1}"));
        Assert.NotEqual(JsonCanonicalizer.Normalize("{\"a\": null}"), JsonCanonicalizer.Normalize("{}"));
    }

    [Fact]
    public void Text_that_is_not_json_gives_null()
    {
        Assert.Null(JsonCanonicalizer.Normalize("{not json"));
    }
}
