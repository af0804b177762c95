namespace Godwit.Demo.Seeding;

public sealed record CustomerRow(long Id, string Email, string FullName, string Country, bool Vip, DateTime CreatedAt);
