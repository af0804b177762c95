using Godwit.Core.Schema;

namespace Godwit.Core.Sync;

/// <summary>
/// What a column definition in ADD, MODIFY or CHANGE COLUMN says: the column (null when its definition is not
/// understood), and the keys and constraints it declares inline: PRIMARY KEY, or others (UNIQUE, CHECK, REFERENCES,
/// SERIAL's unique key), which the change stream takes from the source schema like any index change.
/// </summary>
public sealed record MySqlColumnDefinition(SourceColumn? Column, bool IsPrimaryKey, bool HasOtherKeys);
