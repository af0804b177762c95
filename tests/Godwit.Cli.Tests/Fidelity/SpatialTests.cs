using Godwit.Testing;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>With options.spatial: postgis, spatial columns arrive as PostGIS geometry with their SRIDs and SPATIAL indexes as GiST.</summary>
public sealed class SpatialTests : ScratchDatabases
{
    [Fact]
    public async Task Geometries_keep_their_shape_and_srid_in_the_copy_and_the_stream_and_the_spatial_index_becomes_gist()
    {
        await MySql.ExecuteAsync("""
            CREATE TABLE places (id INT PRIMARY KEY, name VARCHAR(20), location GEOMETRY NOT NULL, pt POINT NULL, SPATIAL INDEX idx_location (location));
            INSERT INTO places VALUES
              (1, 'a', ST_GeomFromText('POINT(-73.98 40.75)', 4326), ST_GeomFromText('POINT(1 2)'), NULL),
              (2, 'b', ST_GeomFromText('POLYGON((0 0,0 1,1 1,1 0,0 0))'), NULL, NULL),
              (3, 'c', ST_GeomFromText('LINESTRING(0 0,3 4)', 3857), ST_GeomFromText('POINT(5 6)', 4326), NULL);
            """.Replace(", NULL)", ")", StringComparison.Ordinal));
        var dir = Directory.CreateTempSubdirectory("godwit-spatial-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "godwit.yaml"), "options:\n  spatial: postgis\n");
            string[] endpoints = ["--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString()];

            var migrate = await CliRun.InvokeAsync(["migrate", .. endpoints], workingDirectory: dir.FullName);
            var verify = await CliRun.InvokeAsync(["verify", .. endpoints], workingDirectory: dir.FullName);

            Assert.True(migrate.ExitCode == 0, migrate.StdErr);
            Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
            var schema = MySql.Name;
            Assert.Equal("geometry", await Postgres.ScalarAsync<string>($"SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\"{schema}\".places'::regclass AND attname = 'location'"));
            Assert.Equal("geometry(Point)", await Postgres.ScalarAsync<string>($"SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\"{schema}\".places'::regclass AND attname = 'pt'"));
            Assert.Contains("USING gist (location)", await Postgres.ScalarAsync<string>($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{schema}' AND indexname = 'idx_location'"), StringComparison.Ordinal);

            // The shapes as WKB (WKT spellings differ: MULTIPOINT(1 1,2 2) against MULTIPOINT((1 1),(2 2))) and the SRIDs.
            const string Shapes = "SELECT id, HEX(ST_AsBinary(location)), ST_SRID(location), HEX(ST_AsBinary(pt)), ST_SRID(pt) FROM places";
            var pgShapes = $"SELECT id, upper(encode(ST_AsBinary(location), 'hex')), ST_SRID(location), upper(encode(ST_AsBinary(pt), 'hex')), ST_SRID(pt) FROM \"{schema}\".places";
            var mysql = await MySql.RowsAsync(Shapes);
            var pg = await Postgres.RowsAsync(pgShapes);
            Assert.Equal(CanonicalRows.Of(mysql), CanonicalRows.Of(pg));
            Assert.Contains(pg, r => r[2] == "3857");

            // The change stream carries geometries the same way.
            await MySql.ExecuteAsync("INSERT INTO places VALUES (4, 'd', ST_GeomFromText('MULTIPOINT(1 1,2 2)', 4326), NULL); UPDATE places SET pt = ST_GeomFromText('POINT(7 8)', 3857) WHERE id = 2");
            var serverId = Random.Shared.Next(0x50000000, 0x7FFFFFFF).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sync = await CliRun.InvokeAsync(["sync", .. endpoints, "--until-caught-up", "--server-id", serverId], workingDirectory: dir.FullName);
            Assert.True(sync.ExitCode == 0, sync.StdErr);
            Assert.Equal(
                CanonicalRows.Of(await MySql.RowsAsync(Shapes)),
                CanonicalRows.Of(await Postgres.RowsAsync(pgShapes)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
