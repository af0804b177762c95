using System.Runtime.InteropServices;

namespace Godwit.Routing;

/// <summary>
/// fsync(2) on a directory, so that a rename into it survives a power loss (POSIX makes the rename durable only once
/// the directory itself is synced). .NET refuses to open a directory as a file, hence libc.
/// </summary>
internal static partial class DirectoryFlush
{
    private const int ReadOnly = 0;

    /// <summary>True when the directory was synced; false where the platform does not allow it.</summary>
    public static bool TryFlush(string directory)
    {
        // Windows cannot open a directory for FlushFileBuffers without backup privileges; NTFS journals the rename.
        if (OperatingSystem.IsWindows() || OperatingSystem.IsBrowser() || OperatingSystem.IsWasi())
        {
            return false;
        }

        try
        {
            var descriptor = Open(directory, ReadOnly);
            if (descriptor < 0)
            {
                return false;
            }

            try
            {
                // Some file systems (certain FUSE and network mounts) answer EINVAL: nothing more can be done there.
                return Fsync(descriptor) == 0;
            }
            finally
            {
                _ = Close(descriptor);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
