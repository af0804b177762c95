namespace Godwit.Testing;

/// <summary>Names for throwaway databases: recognisable, unique across parallel test runs, lower case.</summary>
public static class ScratchName
{
    public const string Prefix = "godwit_t_";

    public static string New() => Prefix + Guid.NewGuid().ToString("N")[..12];
}
