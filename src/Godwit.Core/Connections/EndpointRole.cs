namespace Godwit.Core.Connections;

/// <summary>Which side of the migration a connection belongs to; decides the password environment variable.</summary>
public enum EndpointRole
{
    Source,
    Target,
}
