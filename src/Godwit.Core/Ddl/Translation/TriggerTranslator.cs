namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// A MySQL trigger as a PL/pgSQL trigger function plus <c>CREATE TRIGGER … FOR EACH ROW</c>, same timing and event.
/// A BEFORE trigger returns NEW (OLD for DELETE) so the row goes on as the body left it; an AFTER trigger returns NULL.
/// The function runs with the target schema as its search_path, so the body's unqualified names resolve as on MySQL.
/// The trigger may be named apart from its function (<c>firesAs</c>): PostgreSQL fires triggers of the same timing and
/// event in name order, so the generator names them for MySQL's order while the function keeps the trigger's own name.
/// </summary>
public static class TriggerTranslator
{
    public static TranslationOutcome Translate(
        string schema, string triggerName, string qualifiedTable, string timing, string @event, string body, TranslationScope scope, string? firesAs = null)
    {
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(scope);
        var before = timing.Equals("BEFORE", StringComparison.OrdinalIgnoreCase);
        var exit = !before ? "RETURN NULL" : @event.Equals("DELETE", StringComparison.OrdinalIgnoreCase) ? "RETURN OLD" : "RETURN NEW";
        try
        {
            var block = new PsmTranslator(scope, PsmRoutineKind.Trigger) { ExitStatement = exit }.Translate(body);
            var function = PgIdentifier.Qualify(schema, PgIdentifier.Fit(triggerName + "_fn"));
            return new TranslationOutcome
            {
                Statements =
                [
                    $"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql SET search_path = {PgIdentifier.Quote(schema)} AS $godwit$\n#variable_conflict use_variable\n{block}\n$godwit$",
                    $"CREATE TRIGGER {PgIdentifier.Quote(firesAs ?? triggerName)} {timing.ToUpperInvariant()} {@event.ToUpperInvariant()} ON {qualifiedTable} FOR EACH ROW EXECUTE FUNCTION {function}()",
                ],
                Notes = [.. scope.Notes],
            };
        }
        catch (UntranslatableException ex)
        {
            return TranslationOutcome.Refused(ex.Message, [.. scope.Notes]);
        }
    }
}
