namespace Godwit.Core.Sync;

/// <summary>One change a DDL statement makes that the change stream has to reproduce on the target.</summary>
public enum SourceDdlKind
{
    CreateTable,
    DropTable,
    RenameTable,
    TruncateTable,
    AddColumn,
    DropColumn,

    /// <summary>MODIFY, or ALTER COLUMN … SET/DROP DEFAULT: same name, maybe another type, nullability or default.</summary>
    ModifyColumn,

    /// <summary>CHANGE old new …, or RENAME COLUMN old TO new.</summary>
    RenameColumn,

    /// <summary>Indexes, keys and constraints added, dropped or renamed: applied as the difference between the table's post-data before and after.</summary>
    Indexes,
}
