using System.Globalization;
using System.Text;
using Godwit.Core.Assessment;

namespace Godwit.Core.Planning;

/// <summary>A runbook as Markdown for the operator: sections in the order they are worked through.</summary>
public static class RunbookMarkdown
{
    public static string Render(Runbook runbook)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        var md = new StringBuilder();
        Line(md, $"# {runbook.Title}");
        Line(md);
        Line(md, $"Written by `godwit plan` at {runbook.MadeAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.");
        Line(md);
        Line(md, $"- source: `{runbook.Source}`");
        Line(md, $"- target: `{runbook.Target}`");
        Line(md, $"- size: {runbook.Size.Tables} tables, ~{runbook.Size.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows, {RunbookBuilder.Bytes(runbook.Size.DataBytes)} of data and {RunbookBuilder.Bytes(runbook.Size.IndexBytes)} of indexes");
        var total = runbook.Phases.Sum(p => p.EstimatedSeconds ?? 0);
        Line(md, $"- estimated time of the phases that can be estimated: {Duration(total)}");
        foreach (var note in runbook.Notes)
        {
            Line(md, $"- {note}");
        }

        Line(md);
        Findings(md, runbook);
        Line(md, "## Phases");
        Line(md);
        var n = 0;
        foreach (var phase in runbook.Phases)
        {
            Line(md, $"### {++n}. {phase.Name}");
            Line(md);
            Line(md, phase.Purpose);
            Line(md);
            Line(md, "```sh");
            foreach (var command in phase.Commands)
            {
                Line(md, command);
            }

            Line(md, "```");
            Line(md);
            Line(md, $"Expected time: {(phase.EstimatedSeconds is { } s ? Duration(s) : "-")} ({phase.EstimateBasis}).");
            Line(md);
            foreach (var check in phase.Checks)
            {
                Line(md, $"- [ ] {check}");
            }

            Line(md);
        }

        if (runbook.Size.Largest.Count > 0)
        {
            Line(md, "## Largest tables");
            Line(md);
            Line(md, "| table | rows (estimate) | data + indexes | copy time (estimate) |");
            Line(md, "| --- | ---: | ---: | ---: |");
            foreach (var t in runbook.Size.Largest)
            {
                Line(md, $"| {Cell(t.Table)} | {t.Rows.ToString("N0", CultureInfo.InvariantCulture)} | {RunbookBuilder.Bytes(t.Bytes)} | {Duration(t.CopySeconds)} |");
            }

            Line(md);
        }

        Line(md, "## Rollback matrix");
        Line(md);
        Line(md, "| phase | what to do | undone automatically |");
        Line(md, "| --- | --- | --- |");
        foreach (var row in runbook.Rollback)
        {
            Line(md, $"| {Cell(row.Phase)} | {Cell(row.WhatToDo)} | {Cell(row.Automatic)} |");
        }

        Line(md);
        Line(md, "## Clean-up");
        Line(md);
        foreach (var step in runbook.CleanUp)
        {
            Line(md, $"- {step}");
        }

        return md.ToString();
    }

    private static void Findings(StringBuilder md, Runbook runbook)
    {
        Line(md, "## Assess findings");
        Line(md);
        if (runbook.HasBlockers)
        {
            Line(md, "**Blockers: the migration cannot start until they are fixed.**");
            Line(md);
        }

        var shown = runbook.Findings.Where(f => f.Severity != Severity.Info).ToList();
        if (shown.Count == 0)
        {
            Line(md, "No blocker and no warning.");
        }
        else
        {
            Line(md, "| severity | what | where | fix |");
            Line(md, "| --- | --- | --- | --- |");
            foreach (var f in shown)
            {
                Line(md, $"| {f.Severity.ToString().ToLowerInvariant()} | {Cell(f.What)} | {Cell(f.Where)} | {Cell(f.Fix ?? "-")} |");
            }
        }

        Line(md);
        if (runbook.Fixes.Count > 0)
        {
            Line(md, "Godwit makes these fixes with `godwit assess --fix` (phase 1):");
            Line(md);
            Line(md, "```sql");
            foreach (var fix in runbook.Fixes)
            {
                Line(md, $"-- {fix.What}");
                Line(md, fix.Sql.TrimEnd(';') + ";");
            }

            Line(md, "```");
            Line(md);
        }

        var info = runbook.Findings.Count(f => f.Severity == Severity.Info);
        if (info > 0)
        {
            Line(md, $"{info} informational finding(s): `godwit assess` lists them.");
            Line(md);
        }
    }

    private static string Duration(double seconds) => seconds switch
    {
        < 1 => "under a second",
        < 90 => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds)} s"),
        < 5400 => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds / 60)} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h"),
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
