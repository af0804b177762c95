using Godwit.MySql.Protocol;

namespace Godwit.MySql.Tests.Protocol;

/// <summary>The client's Handshake Response as a scripted server parsed it.</summary>
internal sealed record HandshakeResponse(
    CapabilityFlags Capabilities, byte Collation, uint ExtendedCapabilities, string User, byte[] AuthResponse,
    string? Database, string Plugin, string RawAttributes);
