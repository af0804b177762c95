namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// The small tree MySQL text is parsed into: tokens, parenthesised groups and function calls. Statement and clause
/// structure is read from it by the translators (views, lax GROUP BY, trigger bodies, PSM statements).
/// </summary>
public abstract record SqlNode;
