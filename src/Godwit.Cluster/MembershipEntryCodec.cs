using System.Text.Json;
using Orleans;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>Stores an Orleans membership entry as JSON (silo addresses in their parsable form).</summary>
internal static class MembershipEntryCodec
{
    public static string Encode(MembershipEntry entry) => JsonSerializer.Serialize(new StoredEntry
    {
        Address = entry.SiloAddress.ToParsableString(),
        Status = (int)entry.Status,
        Suspects = entry.SuspectTimes?.Select(s => new StoredSuspect { Address = s.Item1.ToParsableString(), At = s.Item2 }).ToList() ?? [],
        ProxyPort = entry.ProxyPort,
        HostName = entry.HostName,
        SiloName = entry.SiloName,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = entry.StartTime,
        IAmAliveTime = entry.IAmAliveTime,
    });

    public static MembershipEntry Decode(string json, DateTime iAmAlive)
    {
        var s = JsonSerializer.Deserialize<StoredEntry>(json) ?? throw new InvalidDataException("empty membership entry");
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(s.Address),
            Status = (SiloStatus)s.Status,
            SuspectTimes = [.. s.Suspects.Select(x => Tuple.Create(SiloAddress.FromParsableString(x.Address), x.At))],
            ProxyPort = s.ProxyPort,
            HostName = s.HostName ?? "",
            SiloName = s.SiloName ?? "",
            RoleName = s.RoleName,
            UpdateZone = s.UpdateZone,
            FaultZone = s.FaultZone,
            StartTime = s.StartTime,
            IAmAliveTime = iAmAlive,
        };
    }

    private sealed class StoredEntry
    {
        public string Address { get; set; } = "";
        public int Status { get; set; }
        public List<StoredSuspect> Suspects { get; set; } = [];
        public int ProxyPort { get; set; }
        public string? HostName { get; set; }
        public string? SiloName { get; set; }
        public string? RoleName { get; set; }
        public int UpdateZone { get; set; }
        public int FaultZone { get; set; }
        public DateTime StartTime { get; set; }
        public DateTime IAmAliveTime { get; set; }
    }

    private sealed class StoredSuspect
    {
        public string Address { get; set; } = "";
        public DateTime At { get; set; }
    }
}
