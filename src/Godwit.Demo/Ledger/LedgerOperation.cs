namespace Godwit.Demo.Ledger;

public enum LedgerOperation
{
    Book,
    Confirm,
    Cancel,
}
