using System.Text;
using System.Text.Json;
using Sunlight.Trading.Flags;

namespace Sunlight.Trading.Tests;

/// <summary>The flags' reading of a line: cardinal's readings (wrong types absent, last of a repeated key), escapes, and bad JSON refused.</summary>
public sealed class FlagLineTests
{
    private static FlagLine Read(string json) => FlagLine.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Escaped_names_are_read_and_a_repeated_key_counts_by_its_last_value_even_of_the_wrong_type()
    {
        var line = Read("""{"\u006fcid":"ocds-x-1","buyer":{"id":"B1"},"buyer":{"id":7},"tender":{"status":"active","status":"cancelled"}}""");
        Assert.True(line.IsObject);
        Assert.Equal("ocds-x-1", line.Ocid);
        Assert.Null(line.BuyerId);
        Assert.Equal("cancelled", line.Tender!.Status);
    }

    [Fact]
    public void Elements_of_the_wrong_type_stay_as_empty_entries_and_numbers_as_strings_are_absent()
    {
        var line = Read("""{"ocid":"o","bids":{"details":[7,{"id":"b","status":"valid","value":{"amount":"100","currency":"CNY"},"tenderers":[{"id":"T"},3],"relatedLots":[{"x":1}]}]}}""");
        Assert.Equal(2, line.Details!.Count);
        Assert.Null(line.Details[0].Id);
        var bid = line.Details[1];
        Assert.Null(bid.Value!.F64);
        Assert.Equal("CNY", bid.Value.Currency);
        Assert.Equal(2, bid.TenderersLength);
        Assert.Equal(["T"], bid.Tenderers);
        Assert.Equal("""{"x":1}""", bid.Lot);
    }

    [Fact]
    public void Amounts_are_read_as_f64_exact_decimal_and_whole_fen()
    {
        var money = Read("""{"ocid":"o","tender":{"value":{"amount":1234.567,"currency":"CNY"},"maxPrice":{"amount":1e3}}}""").Tender!;
        Assert.Equal(1234.567, money.Value!.F64);
        Assert.Equal(1234.567m, money.Value.Decimal);
        Assert.Null(money.Value.Fen);
        Assert.Equal(100_000, money.MaxPrice!.Fen);
    }

    [Theory]
    [InlineData("{\"ocid\":\"o\"")]
    [InlineData("{\"ocid\":\"o\"} {}")]
    [InlineData("{\"ocid\":\"o\",}")]
    [InlineData("[1,2")]
    public void Bad_json_is_refused(string json) => Assert.ThrowsAny<JsonException>(() => Read(json));
}
