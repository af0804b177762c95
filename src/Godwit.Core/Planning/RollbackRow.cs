namespace Godwit.Core.Planning;

/// <summary>One row of the rollback matrix: a phase, what to do when it fails or must be undone, and what Godwit undoes by itself.</summary>
public sealed record RollbackRow(string Phase, string WhatToDo, string Automatic);
