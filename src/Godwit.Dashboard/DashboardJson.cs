using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godwit.Dashboard;

/// <summary>The page's JSON: snake_case names, nulls written (the page shows "-" for them).</summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
