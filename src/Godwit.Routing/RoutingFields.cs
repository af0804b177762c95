namespace Godwit.Routing;

/// <summary>The JSON keys of a routing file (format 1), in the order they are written; a tenant entry uses primary, version, switched_at and stream.</summary>
internal static class RoutingFields
{
    public const string Format = "format";
    public const string Primary = "primary";
    public const string Version = "version";
    public const string SwitchedAt = "switched_at";
    public const string Source = "source";
    public const string Target = "target";
    public const string Stream = "stream";
    public const string Tenants = "tenants";

    public const string SourceValue = "source";
    public const string TargetValue = "target";

    public static bool IsKnown(string name) =>
        name is Format or Primary or Version or SwitchedAt or Source or Target or Stream or Tenants;
}
