namespace Godwit.Routing.Tests;

public sealed class StagedWriteTests
{
    [Fact]
    public void A_staged_state_is_invisible_until_it_is_committed_and_then_replaces_the_file()
    {
        using var file = new TemporaryRoutingFile();
        var initial = file.WriteInitial();
        var switched = initial.SwitchedTo(RoutingPrimary.Target, TemporaryRoutingFile.FirstSwitch.AddMinutes(1));

        using (var staged = RoutingFile.Stage(file.Path, switched))
        {
            Assert.Equal(initial, RoutingFile.Read(file.Path));
            staged.Commit();
        }

        Assert.Equal(switched, RoutingFile.Read(file.Path));
        Assert.Single(Directory.GetFiles(file.Directory));
    }

    [Fact]
    public void A_staged_state_that_is_never_committed_leaves_the_file_and_no_temporary_behind()
    {
        using var file = new TemporaryRoutingFile();
        var initial = file.WriteInitial();

        using (RoutingFile.Stage(file.Path, initial.SwitchedTo(RoutingPrimary.Target, TemporaryRoutingFile.FirstSwitch)))
        {
        }

        Assert.Equal(initial, RoutingFile.Read(file.Path));
        Assert.Single(Directory.GetFiles(file.Directory));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Replacing_the_file_keeps_its_permission_bits()
    {
        using var file = new TemporaryRoutingFile();
        var initial = file.WriteInitial();
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(file.Path, mode);

        RoutingFile.Write(file.Path, initial.SwitchedTo(RoutingPrimary.Target, TemporaryRoutingFile.FirstSwitch));
        Assert.Equal(mode, File.GetUnixFileMode(file.Path));
        File.SetUnixFileMode(file.Path, mode | UnixFileMode.GroupWrite);
        using (var staged = RoutingFile.Stage(file.Path, initial))
        {
            staged.Commit();
        }

        Assert.Equal(mode | UnixFileMode.GroupWrite, File.GetUnixFileMode(file.Path));
    }

    [Fact]
    public void Staged_files_left_by_a_killed_writer_are_discarded_and_nothing_else_is()
    {
        using var file = new TemporaryRoutingFile();
        var initial = file.WriteInitial();
        var leftover = Path.Combine(file.Directory, ".routing.json.4242.0123456789abcdef0123456789abcdef.tmp");
        var other = Path.Combine(file.Directory, ".other.json.4242.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllText(leftover, "{}");
        File.WriteAllText(other, "{}");

        var removed = RoutingFile.DiscardStaged(file.Path);

        Assert.Equal([leftover], removed);
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(other));
        Assert.Equal(initial, RoutingFile.Read(file.Path));
    }
}
