namespace Godwit.Core.Copy;

/// <summary>
/// A piece of a chunk's pass-through COPY data: its bytes (rows may straddle pieces), the rows it completes and the
/// bytes of values in it (what the converting path counts as bytes read).
/// </summary>
public readonly record struct RawCopyPiece(ReadOnlyMemory<byte> Data, int Rows, long ValueBytes);
