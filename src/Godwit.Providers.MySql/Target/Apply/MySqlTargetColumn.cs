namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>A column of a target table: its name as the target has it, its DATA_TYPE (lower case), and whether the server computes it.</summary>
internal sealed record MySqlTargetColumn(string Name, string DataType, bool IsGenerated)
{
    public bool IsBinary => DataType is "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" or "bit" || IsSpatial;

    public bool IsSpatial => DataType is "geometry" or "point" or "linestring" or "polygon" or "multipoint" or "multilinestring" or "multipolygon"
        or "geometrycollection" or "geomcollection";
}
