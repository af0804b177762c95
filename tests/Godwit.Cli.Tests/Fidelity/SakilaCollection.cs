namespace Godwit.Cli.Tests.Fidelity;

/// <summary>One Sakila migration shared by every Sakila test class.</summary>
[CollectionDefinition(Name)]
public sealed class SakilaCollection : ICollectionFixture<SakilaFixture>
{
    public const string Name = "Sakila";
}
