namespace Godwit.Testing;

/// <summary>
/// Tools the tests run from Debian packages, installed by <c>scripts/testbed.sh up</c> (apt-get): Chromium for the
/// dashboard's browser test (Playwright's own browser download is not reachable here) and promtool for the alert rules.
/// A missing one fails the test with the way to install it: never a skip.
/// </summary>
public static class DebianTools
{
    public static string Chromium => Find("chromium", "/usr/bin/chromium");

    public static string Promtool => Find("prometheus", "/usr/bin/promtool");

    private static string Find(string package, string path) =>
        File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"{path} is missing: run `scripts/testbed.sh up` (it installs Debian's {package} package), or `apt-get install -y {package}`.");
}
