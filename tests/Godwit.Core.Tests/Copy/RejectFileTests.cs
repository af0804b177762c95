using Godwit.Core.Copy;

namespace Godwit.Core.Tests.Copy;

public sealed class RejectFileTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_reject_file_holds_row_values_so_only_its_owner_can_read_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"godwit-rejects-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var file = new RejectFile(path))
            {
                file.Write(new RejectRecord("shop.t", "id=1", "v", "secret row value", "bad"));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_existing_world_readable_reject_file_is_narrowed_to_its_owner_before_rows_are_appended()
    {
        var path = Path.Combine(Path.GetTempPath(), $"godwit-rejects-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, string.Empty);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            using (var file = new RejectFile(path))
            {
                file.Write(new RejectRecord("shop.t", "id=1", "v", "x", "bad"));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
