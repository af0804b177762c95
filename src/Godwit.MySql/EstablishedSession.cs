using Godwit.MySql.Protocol;

namespace Godwit.MySql;

/// <summary>The outcome of the connection phase.</summary>
internal sealed record EstablishedSession(ServerVersion ServerVersion, long ConnectionId, CapabilityFlags Capabilities, bool IsTls);
