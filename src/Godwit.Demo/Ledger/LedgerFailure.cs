namespace Godwit.Demo.Ledger;

/// <summary>One way the database disagrees with what the app was told.</summary>
public sealed record LedgerFailure(string Reference, string Problem);
