using Godwit.Core.Schema;

namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// A MySQL stored function or procedure as a PL/pgSQL function or procedure with the same parameters (IN/OUT/INOUT).
/// The routine runs with the target schema as its search_path. Volatility follows the data-access hint, not
/// DETERMINISTIC (MySQL does not check it): READS SQL DATA is STABLE, NO SQL with DETERMINISTIC is IMMUTABLE,
/// anything else VOLATILE.
/// </summary>
public static class RoutineTranslator
{
    /// <summary>function_executed_no_return_statement: MySQL's "FUNCTION … ended without RETURN" (1321).</summary>
    private const string NoReturnState = "2F005";

    public static TranslationOutcome Translate(string schema, string targetName, SourceRoutine routine, TranslationScope scope)
    {
        ArgumentNullException.ThrowIfNull(routine);
        ArgumentNullException.ThrowIfNull(scope);
        if (routine.Definition is null)
        {
            return TranslationOutcome.Refused("the source user cannot read the body (needs SHOW ROUTINE, or to be its definer)");
        }

        var isFunction = string.Equals(routine.Kind, "FUNCTION", StringComparison.OrdinalIgnoreCase);
        try
        {
            var parameters = new List<string>();
            foreach (var p in routine.Parameters)
            {
                var type = PsmTypes.ToPg(p.Type);
                scope.Variables[p.Name] = type;
                var mode = isFunction || p.Mode.Equals("IN", StringComparison.OrdinalIgnoreCase) ? string.Empty : p.Mode.ToUpperInvariant() + " ";
                parameters.Add($"{mode}{PgIdentifier.Quote(p.Name.ToLowerInvariant())} {type}");
            }

            var returns = isFunction ? PsmTypes.ToPg(routine.Returns ?? throw new UntranslatableException("a function without a return type")) : null;
            var psmScope = new TranslationScope
            {
                MapName = scope.MapName,
                IsBooleanColumn = scope.IsBooleanColumn,
                Routines = scope.Routines,
                ReturnType = returns,
                Lenient = scope.Lenient,
            };
            foreach (var (variable, type) in scope.Variables)
            {
                psmScope.Variables[variable] = type;
            }

            var exit = isFunction ? $"RAISE EXCEPTION USING ERRCODE = '{NoReturnState}', MESSAGE = 'FUNCTION {routine.Name} ended without RETURN'" : "RETURN";
            var psm = new PsmTranslator(psmScope, isFunction ? PsmRoutineKind.Function : PsmRoutineKind.Procedure) { ExitStatement = exit };
            var block = psm.Translate(routine.Definition);
            var warnings = new List<string>();
            if (psm.ResultSets.Count > 0)
            {
                // As ora2pg does for Oracle's SYS_REFCURSOR: the OUT parameters stay, and each result set is a cursor
                // the caller fetches. DEFAULT NULL keeps a CALL with the original arguments working.
                parameters.AddRange(psm.ResultSets.Select(r => $"INOUT {r} refcursor DEFAULT NULL"));
                warnings.Add(ResultSetWarning(psm.ResultSets));
            }

            foreach (var table in psm.DeferredDrops)
            {
                psmScope.Notes.Add($"the temporary table {table} is dropped at the end of the transaction (ON COMMIT DROP), not where the body drops it: a result set's cursor may still read it; calling the procedure again in the same transaction finds it still there");
            }

            var name = PgIdentifier.Qualify(schema, targetName);
            var head = isFunction
                ? $"CREATE FUNCTION {name}({string.Join(", ", parameters)}) RETURNS {returns} LANGUAGE plpgsql {Volatility(routine)}"
                : $"CREATE PROCEDURE {name}({string.Join(", ", parameters)}) LANGUAGE plpgsql";
            return new TranslationOutcome
            {
                Statements = [$"{head} SET search_path = {PgIdentifier.Quote(schema)} AS $godwit$\n#variable_conflict use_variable\n{block}\n$godwit$"],
                Notes = [.. psmScope.Notes.Distinct(StringComparer.Ordinal)],
                Warnings = warnings,
            };
        }
        catch (UntranslatableException ex)
        {
            return TranslationOutcome.Refused(ex.Message, [.. scope.Notes]);
        }
    }

    /// <summary>What assess and schema say of a procedure that returns result sets, and what its callers must do.</summary>
    public static string ResultSetWarning(IReadOnlyList<string> resultSets)
    {
        ArgumentNullException.ThrowIfNull(resultSets);
        var names = resultSets.Count == 1 ? resultSets[0] : $"{resultSets[0]} … {resultSets[^1]}";
        return $"returns {(resultSets.Count == 1 ? "a result set" : $"{resultSets.Count} result sets")}: translated as a procedure with "
            + $"{(resultSets.Count == 1 ? "a trailing INOUT refcursor parameter" : "trailing INOUT refcursor parameters")} {names} (DEFAULT NULL; one per SELECT in the body, "
            + "in its order; one whose SELECT did not run stays NULL); callers must CALL it inside a transaction (BEGIN … COMMIT) and "
            + "FETCH ALL FROM each cursor name the CALL returns (or pass their own names), as with ora2pg's SYS_REFCURSOR";
    }

    private static string Volatility(SourceRoutine routine) => routine.DataAccess?.ToUpperInvariant() switch
    {
        "READS SQL DATA" => "STABLE",
        "NO SQL" when routine.IsDeterministic => "IMMUTABLE",
        _ => "VOLATILE",
    };
}
