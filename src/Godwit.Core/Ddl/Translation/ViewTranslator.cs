namespace Godwit.Core.Ddl.Translation;

/// <summary>A MySQL view's SELECT (as information_schema stores it) as a PostgreSQL <c>CREATE VIEW</c>.</summary>
public static class ViewTranslator
{
    public static TranslationOutcome Translate(string qualifiedViewName, string definition, TranslationScope scope)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            var select = SelectPrinter.Print(new PgExpressionPrinter(scope), SqlTree.Parse(definition));
            return new TranslationOutcome { Statements = [$"CREATE VIEW {qualifiedViewName} AS {select}"], Notes = [.. scope.Notes] };
        }
        catch (UntranslatableException ex)
        {
            return TranslationOutcome.Refused(ex.Message, [.. scope.Notes]);
        }
    }
}
