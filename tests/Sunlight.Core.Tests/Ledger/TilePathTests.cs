using Sunlight.Core.Ledger;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>tile_paths of tlog-vectors.json (Tessera, C2SP tlog-tiles) and the parser's rejection rules.</summary>
public sealed class TilePathTests
{
    [Fact]
    public void TilePathVectorsFormatAndParse()
    {
        var vectors = MerkleVectors.Tlog.GetProperty("tile_paths");
        var count = 0;
        foreach (var vector in vectors.GetProperty("tiles").EnumerateArray())
        {
            var level = vector.GetProperty("level").GetInt32();
            var index = vector.GetProperty("index").GetInt64();
            var width = Width(vector.GetProperty("partial_width").GetInt32());
            var path = MerkleVectors.Text(vector, "path");

            Assert.Equal(path, TilePath.Tile(level, index, width));
            Assert.True(TilePath.TryParse(path, out var address), path);
            Assert.Equal(new TileAddress(false, level, index, width), address);
            Assert.Equal(path, address.ToPath());
            count++;
        }

        foreach (var vector in vectors.GetProperty("entry_bundles").EnumerateArray())
        {
            var index = vector.GetProperty("index").GetInt64();
            var width = Width(vector.GetProperty("partial_width").GetInt32());
            var path = MerkleVectors.Text(vector, "path");

            Assert.Equal(path, TilePath.Entries(index, width));
            Assert.True(TilePath.TryParse(path, out var address), path);
            Assert.Equal(new TileAddress(true, 0, index, width), address);
            Assert.Equal(width < 256, address.IsPartial);
            count++;
        }

        Assert.Equal(9, count);
    }

    [Fact]
    public void C2spExamplesForIndexEncodingAndPartialWidths()
    {
        var examples = MerkleVectors.Tlog.GetProperty("tile_paths").GetProperty("c2sp_examples");
        var checkedExamples = 0;
        foreach (var example in examples.EnumerateArray())
        {
            if (example.TryGetProperty("encoded", out var encoded))
            {
                var index = example.GetProperty("index").GetInt64();
                Assert.Equal("tile/0/" + encoded.GetString(), TilePath.Tile(0, index));
                checkedExamples++;
                continue;
            }

            var size = example.GetProperty("tree_size").GetInt64();
            foreach (var property in example.EnumerateObject())
            {
                var value = property.Value.GetInt64();
                switch (property.Name)
                {
                    case "tree_size":
                        break;
                    case var name when name.StartsWith("full_level", StringComparison.Ordinal):
                        Assert.Equal(value, TilePath.FullTileCount(LevelOf(name), size));
                        checkedExamples++;
                        break;
                    case var name when name.StartsWith("partial_level", StringComparison.Ordinal):
                        Assert.Equal(value, TilePath.PartialTileWidth(LevelOf(name), size));
                        checkedExamples++;
                        break;
                    default:
                        throw new InvalidOperationException($"unknown example field {property.Name}");
                }
            }
        }

        Assert.Equal(8, checkedExamples);
        Assert.Equal(0, TilePath.PartialTileWidth(0, 256));
        Assert.Equal(0, TilePath.PartialTileWidth(2, 256));
        Assert.Equal(0, TilePath.PartialTileWidth(9, long.MaxValue));
        Assert.Equal(127, TilePath.PartialTileWidth(7, long.MaxValue));
    }

    [Theory]
    [InlineData("tile/0/000", false, 0, 0L, 256)]
    [InlineData("tile/63/999", false, 63, 999L, 256)]
    [InlineData("tile/2/x001/x234/067.p/1", false, 2, 1234067L, 1)]
    [InlineData("tile/entries/x001/000.p/255", true, 0, 1000L, 255)]
    [InlineData("tile/0/x009/x223/x372/x036/x854/x775/807", false, 0, long.MaxValue, 256)]
    public void ParsesCanonicalPaths(string path, bool isEntries, int level, long index, int width)
    {
        Assert.True(TilePath.TryParse(path, out var address));
        Assert.Equal(new TileAddress(isEntries, level, index, width), address);
        Assert.Equal(path, address.ToPath());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/tile/0/000")] // leading slash: the HTTP layer strips its prefix
    [InlineData("tile/0/000/")]
    [InlineData("tile//000")]
    [InlineData("tile/0")]
    [InlineData("tile/0/")]
    [InlineData("tiles/0/000")]
    [InlineData("Tile/0/000")]
    [InlineData("tile/00/000")] // level with a leading zero
    [InlineData("tile/01/000")]
    [InlineData("tile/64/000")] // level above 63
    [InlineData("tile/-1/000")]
    [InlineData("tile/+1/000")]
    [InlineData("tile/x/000")]
    [InlineData("tile/0/00")] // groups are exactly three digits
    [InlineData("tile/0/0000")]
    [InlineData("tile/0/1")]
    [InlineData("tile/0/x000")] // the last group has no x
    [InlineData("tile/0/001/234")] // all but the last group need an x
    [InlineData("tile/0/x001/x234/x067")]
    [InlineData("tile/0/x01/234")]
    [InlineData("tile/0/X001/234")]
    [InlineData("tile/0/x000/123")] // redundant leading zero group: not canonical
    [InlineData("tile/0/x000/x001/234")]
    [InlineData("tile/0/x00a/234")]
    [InlineData("tile/0/x\u0661\u0662\u0663/234")] // non-ASCII digits
    [InlineData("tile/0/x009/x223/x372/x036/x854/x775/808")] // above long.MaxValue
    [InlineData("tile/0/x999/x999/x999/x999/x999/x999/x999/999")]
    [InlineData("tile/0/000.p/0")] // width 1..255
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/000.p/08")]
    [InlineData("tile/0/000.p/")]
    [InlineData("tile/0/000.p")]
    [InlineData("tile/0/000.p/8/")]
    [InlineData("tile/0/000.p/8.p/8")]
    [InlineData("tile/0/000.p/-1")]
    [InlineData("tile/0/000.P/8")]
    [InlineData("tile/entries")]
    [InlineData("tile/entries/")]
    [InlineData("tile/entries/0/000")]
    [InlineData("tile/entries/x000/001")]
    [InlineData("tile/entries/000.p/256")]
    [InlineData("tile/0/ 000")]
    [InlineData("tile/0/000 ")]
    public void RejectsMalformedPaths(string path)
    {
        Assert.False(TilePath.TryParse(path, out var address));
        Assert.Equal(default, address);
    }

    [Fact]
    public void RejectsNull() => Assert.False(TilePath.TryParse(null, out _));

    [Fact]
    public void FormattingValidatesArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Tile(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Tile(64, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Tile(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Tile(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Tile(0, 0, 257));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.Entries(0, 0));
        Assert.Equal("tile/0/x001/x234/067.p/12", TilePath.Tile(0, 1234067, 12));
        Assert.Equal("tile/entries/x001/000", TilePath.Entries(1000));
    }

    [Fact]
    public void EveryFormattedPathParsesBack()
    {
        var random = new Random(256);
        for (var i = 0; i < 5000; i++)
        {
            var level = random.Next(0, 64);
            var index = i < 2000 ? i : random.NextInt64(0, long.MaxValue);
            var width = random.Next(0, 3) == 0 ? random.Next(1, 257) : 256;
            var entries = random.Next(0, 4) == 0;
            var path = entries ? TilePath.Entries(index, width) : TilePath.Tile(level, index, width);
            Assert.True(TilePath.TryParse(path, out var address), path);
            Assert.Equal(new TileAddress(entries, entries ? 0 : level, index, width), address);
        }
    }

    private static int Width(int partialWidth) => partialWidth == 0 ? TilePath.Width : partialWidth;

    private static int LevelOf(string name) => name[name.IndexOf("level", StringComparison.Ordinal) + 5] - '0';
}
