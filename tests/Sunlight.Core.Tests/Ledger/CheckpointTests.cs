using Sunlight.Core.Ledger;
using Xunit;

namespace Sunlight.Core.Tests.Ledger;

/// <summary>checkpoint_bodies and witness examples of tlog-vectors.json, plus the strict parsing rules.</summary>
public sealed class CheckpointTests
{
    private const string Root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

    [Fact]
    public void C2spCheckpointExampleParses()
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tlog, "checkpoint_bodies", "c2sp-checkpoint-example");
        var note = SignedNote.ParseUnverified(MerkleVectors.Text(vector, "note"));
        var checkpoint = Checkpoint.Parse(note.Text);

        Assert.Equal(MerkleVectors.Text(vector, "origin"), checkpoint.Origin);
        Assert.Equal(vector.GetProperty("tree_size").GetInt64(), checkpoint.Size);
        Assert.Equal(Convert.FromBase64String(Root), checkpoint.Root);
        Assert.Empty(checkpoint.Extensions);
        Assert.Equal(note.Text, checkpoint.Format());
        Assert.Equal(checkpoint.Origin, Assert.Single(note.Signatures).Name);
    }

    [Fact]
    public void GoFormatTreeBodyRoundTripsWithTheLeafHashOfHelloWorld()
    {
        var vector = MerkleVectors.Entry(MerkleVectors.Tlog, "checkpoint_bodies", "gomod-format-tree");
        var body = MerkleVectors.Text(vector, "body");
        var checkpoint = Checkpoint.Parse(body);

        Assert.Equal("go.sum database tree", checkpoint.Origin);
        Assert.Equal(vector.GetProperty("tree_size").GetInt64(), checkpoint.Size);
        Assert.Equal(Rfc9162.LeafHash("hello world"u8), checkpoint.Root);
        Assert.Equal("hello world", MerkleVectors.Text(vector, "root_is_leaf_hash_of"));
        Assert.Equal(body, new Checkpoint(checkpoint.Origin, checkpoint.Size, Rfc9162.LeafHash("hello world"u8)).Format());
        Assert.Equal(checkpoint, new Checkpoint("go.sum database tree", 123456789012, Rfc9162.LeafHash("hello world"u8)));
    }

    [Fact]
    public void WitnessRequestExampleCarriesAProofAndACheckpoint()
    {
        var body = MerkleVectors.Text(MerkleVectors.Entry(MerkleVectors.Tlog, "witness_protocol_examples", "c2sp-add-checkpoint-request"), "body");
        var blank = body.IndexOf("\n\n", StringComparison.Ordinal);
        var header = body[..blank].Split('\n');
        Assert.Equal("old 20852014", header[0]);
        Assert.All(header[1..], line => Assert.Equal(32, Convert.FromBase64String(line).Length));

        var note = SignedNote.ParseUnverified(body[(blank + 2)..]);
        var checkpoint = Checkpoint.Parse(note.Text);
        Assert.Equal("example.com/behind-the-sofa", checkpoint.Origin);
        Assert.Equal(20852163, checkpoint.Size);
        Assert.Equal(2, note.Signatures.Count);
    }

    [Fact]
    public void ExtensionLinesAreKeptAndWrittenBack()
    {
        var text = $"example.com/log\n5\n{Root}\nextension one\nextension two\n";
        var checkpoint = Checkpoint.Parse(text);
        Assert.Equal(["extension one", "extension two"], checkpoint.Extensions);
        Assert.Equal(text, checkpoint.Format());
    }

    [Fact]
    public void EmptyTreeCheckpointCarriesTheEmptyRoot()
    {
        var empty = new Checkpoint("example.com/log", 0, Rfc9162.EmptyRoot());
        Assert.Equal("example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", empty.Format());
        Assert.Equal(empty, Checkpoint.Parse(empty.Format()));
        Assert.Throws<FormatException>(() => Checkpoint.Parse($"example.com/log\n0\n{Root}\n"));
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("example.com/log", 0, new byte[32]).Format());
    }

    [Fact]
    public void LargestSizeParses()
    {
        var checkpoint = Checkpoint.Parse($"o\n9223372036854775807\n{Root}\n");
        Assert.Equal(long.MaxValue, checkpoint.Size);
    }

    [Theory]
    [InlineData("example.com/log\n5\nROOT", "ends with a newline")]
    [InlineData("example.com/log\n5\n", "at least three lines")]
    [InlineData("\n5\nROOT\n", "origin (line 1) is empty")]
    [InlineData("example.com/log\n05\nROOT\n", "has a leading zero")]
    [InlineData("example.com/log\n00\nROOT\n", "has a leading zero")]
    [InlineData("example.com/log\n\nROOT\n", "size (line 2) is empty")]
    [InlineData("example.com/log\n+5\nROOT\n", "not plain ASCII decimal digits")]
    [InlineData("example.com/log\n-5\nROOT\n", "not plain ASCII decimal digits")]
    [InlineData("example.com/log\n 5\nROOT\n", "not plain ASCII decimal digits")]
    [InlineData("example.com/log\n5 \nROOT\n", "not plain ASCII decimal digits")]
    [InlineData("example.com/log\n\u0665\nROOT\n", "not plain ASCII decimal digits")]
    [InlineData("example.com/log\n9223372036854775808\nROOT\n", "not below 2^63")]
    [InlineData("example.com/log\n0009223372036854775807\nROOT\n", "has a leading zero")]
    [InlineData("example.com/log\n18446744073709551616\nROOT\n", "not below 2^63")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n", "not canonical standard base64")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "not canonical standard base64")]
    [InlineData("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n", "is 30 bytes")]
    [InlineData("example.com/log\n5\nROOT\n\n", "extension line 4 is empty")]
    [InlineData("example.com/log\n5\nROOT\n\n\u2014 example.com/log AAAA\n", "extension line 4 is empty")]
    [InlineData("example.com/log\r\n5\nROOT\n", "control character U+000D")]
    public void MalformedCheckpointTextSaysWhatIsWrong(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => Checkpoint.Parse(text.Replace("ROOT", Root, StringComparison.Ordinal)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatRefusesValuesThatCannotBeACheckpoint()
    {
        var root = Convert.FromBase64String(Root);
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("", 1, root).Format());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("two\nlines", 1, root).Format());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", -1, root).Format());
        Assert.Throws<InvalidOperationException>(() => new Checkpoint("o", 1, root[..31]).Format());
        Assert.Throws<InvalidOperationException>(() => (new Checkpoint("o", 1, root) { Extensions = [""] }).Format());
    }

    [Fact]
    public void EqualityComparesBytes()
    {
        var a = new Checkpoint("o", 1, Convert.FromBase64String(Root));
        var b = new Checkpoint("o", 1, Convert.FromBase64String(Root));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Size = 2 });
        Assert.NotEqual(a, b with { Extensions = ["x"] });
        Assert.Contains(Root, a.ToString(), StringComparison.Ordinal);
    }
}
