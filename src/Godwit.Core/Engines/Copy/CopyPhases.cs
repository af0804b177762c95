namespace Godwit.Core.Engines.Copy;

/// <summary>
/// Wall time per phase; they run one after the other, so they add up to <see cref="Total"/>. Indexes of tables whose
/// copy finished early are built during <see cref="Copy"/>; <see cref="PostData"/> is what remains after the last row
/// (indexes, constraints, foreign keys, identity restarts, ANALYZE).
/// </summary>
public sealed record CopyPhases(TimeSpan Schema, TimeSpan Copy, TimeSpan PostData)
{
    public TimeSpan Total => Schema + Copy + PostData;
}
