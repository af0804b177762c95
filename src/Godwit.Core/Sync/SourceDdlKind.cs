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

    /// <summary>
    /// Indexes, unique keys and constraints added, dropped or renamed: applied as the difference between the table's
    /// post-data before and after. The primary key is not among them: it changes only by the two actions below.
    /// </summary>
    Indexes,

    /// <summary>ADD PRIMARY KEY (…), or PRIMARY KEY in a column definition: <see cref="SourceDdlAction.KeyColumns"/> is the new key.</summary>
    AddPrimaryKey,

    /// <summary>DROP PRIMARY KEY (or DROP INDEX `PRIMARY`).</summary>
    DropPrimaryKey,
}
