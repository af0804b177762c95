using System.CommandLine;
using Godwit.Core.Connections;

namespace Godwit.Cli.Cluster;

/// <summary><c>--cluster URI</c>: the PostgreSQL database holding the copy cluster's membership table.</summary>
internal static class ClusterOption
{
    public static Option<ConnectionUri?> Create(bool required) => new("--cluster")
    {
        Description = "PostgreSQL database holding the worker cluster's membership (schema godwit_cluster, created on first use); may be the target itself.",
        HelpName = "URI",
        Required = required,
        CustomParser = r =>
        {
            try
            {
                return r.Tokens.Count == 0 ? null : ConnectionUri.Parse(r.Tokens[0].Value);
            }
            catch (ConnectionUriException ex)
            {
                r.AddError(ex.Message);
                return null;
            }
        },
    };
}
