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
            var block = new PsmTranslator(psmScope, isFunction ? PsmRoutineKind.Function : PsmRoutineKind.Procedure) { ExitStatement = exit }.Translate(routine.Definition);
            var name = PgIdentifier.Qualify(schema, targetName);
            var head = isFunction
                ? $"CREATE FUNCTION {name}({string.Join(", ", parameters)}) RETURNS {returns} LANGUAGE plpgsql {Volatility(routine)}"
                : $"CREATE PROCEDURE {name}({string.Join(", ", parameters)}) LANGUAGE plpgsql";
            return new TranslationOutcome
            {
                Statements = [$"{head} SET search_path = {PgIdentifier.Quote(schema)} AS $godwit$\n#variable_conflict use_variable\n{block}\n$godwit$"],
                Notes = [.. psmScope.Notes.Distinct(StringComparer.Ordinal)],
            };
        }
        catch (UntranslatableException ex)
        {
            return TranslationOutcome.Refused(ex.Message, [.. scope.Notes]);
        }
    }

    private static string Volatility(SourceRoutine routine) => routine.DataAccess?.ToUpperInvariant() switch
    {
        "READS SQL DATA" => "STABLE",
        "NO SQL" when routine.IsDeterministic => "IMMUTABLE",
        _ => "VOLATILE",
    };
}
