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

    /// <summary>
    /// CREATE [OR REPLACE], ALTER or DROP VIEW: <see cref="SourceDdlAction.Table"/> names the view; the target's view is
    /// made again as the source schema now defines it (through the view translator), or dropped when it is gone.
    /// </summary>
    View,

    /// <summary>CREATE or DROP TRIGGER: <see cref="SourceDdlAction.Table"/> names the trigger (not its table).</summary>
    Trigger,

    /// <summary>CREATE, ALTER or DROP FUNCTION/PROCEDURE: <see cref="SourceDdlAction.Table"/> names the routine.</summary>
    Routine,

    /// <summary>
    /// A statement in the target's own dialect and names (a PostgreSQL source into PostgreSQL, recorded by the source's
    /// DDL event trigger), run on the target as written: <see cref="SourceDdlAction.Sql"/> under
    /// <see cref="SourceDdlAction.SearchPath"/>. <see cref="SourceDdlAction.Table"/> names the table it changes.
    /// </summary>
    Native,
}
