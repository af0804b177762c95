using System.CommandLine;
using Godwit.Core.Tenants;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>The purge's options (<c>tenant move --purge</c> and <c>tenant purge</c>).</summary>
public sealed class TenantPurgeOptionSet
{
    public Option<TimeSpan> Grace { get; } = CommonOptions.Duration("--grace", "Wait this long after the final verify before the first delete (e.g. 30s, 5m).", TimeSpan.Zero);

    public Option<int?> Batch { get; } = new Option<int?>("--batch-rows") { Description = "Rows per DELETE (default 1000).", HelpName = "N" }.Positive();

    public Option<TimeSpan> Pause { get; } = CommonOptions.Duration("--pause", "Pause between DELETE batches (the throttle).", TimeSpan.FromMilliseconds(10));

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Grace);
        command.Options.Add(Batch);
        command.Options.Add(Pause);
    }

    public TenantPurgeOptions Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new TenantPurgeOptions { Grace = parse.GetValue(Grace), BatchRows = parse.GetValue(Batch) ?? 1000, Pause = parse.GetValue(Pause) };
    }
}
