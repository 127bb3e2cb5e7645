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

    [Fact]
    public void A_lone_surrogate_makes_the_line_invalid_json_as_in_cardinal() =>
        Assert.ThrowsAny<JsonException>(() => Read("""{"ocid":"o","tender":{"status":"cancelled"},"bids":{"details":[{"fingerprint":{"author":"x\ud83d"}}]}}"""));

    [Fact]
    public void A_never_date_in_year_9999_is_an_instant_like_any_other()
    {
        var run = new FlagRun(FlagSettings.BuiltIn(), new Sunlight.Core.Calendar.WorkCalendar(Sunlight.Core.Calendar.HolidayTable.Shipped));
        run.Add(Encoding.UTF8.GetBytes("""{"ocid":"o","buyer":{"id":"B"},"tender":{"procurementMethodDetails":"公开招标","tenderPeriod":{"startDate":"2026-01-05T09:00:00+08:00","endDate":"9999-12-31T23:59:59Z"},"evaluationCommittees":[{"date":"9999-12-31T23:59:59Z","members":[{"role":"expert","id":"E"}]}]},"awards":[{"id":"a","status":"active","date":"9999-12-31T23:59:59Z"}]}"""));
        run.Finish();
        Assert.Equal(1, run.Counted);
    }

    [Fact]
    public void Price_pattern_names_the_first_of_equal_bids_however_many_bids_the_line_has()
    {
        static string Bid(string id, string lot, int yuan, string tenderer) =>
            $$$"""{"id":"{{{id}}}","status":"valid","relatedLots":["{{{lot}}}"],"tenderers":[{"id":"{{{tenderer}}}"}],"value":{"amount":{{{yuan}}},"currency":"CNY"}}""";
        var others = Enumerable.Range(0, 14).Select(i => Bid($"x{i}", $"L{i}", 1000 + (i * 37), $"X{i}"));
        var bids = string.Join(',', [Bid("b1", "A", 100, "T1"), Bid("b2", "A", 200, "T2"), Bid("b3", "A", 300, "T3"), Bid("b4", "A", 300, "T4"), .. others]);
        var run = new FlagRun(FlagSettings.Parse("currency = CNY\n[TRD-PRICE-PATTERN]\n"), new Sunlight.Core.Calendar.WorkCalendar(Sunlight.Core.Calendar.HolidayTable.Shipped)) { Hits = [] };
        run.Add(Encoding.UTF8.GetBytes($$$"""{"ocid":"o","tender":{"procurementMethodDetails":"公开招标"},"bids":{"details":[{{{bids}}}]}}"""));
        run.Finish();
        var hit = Assert.Single(run.Hits!);
        Assert.Equal(["b1", "b2", "b3"], hit.Bids);
        Assert.True(run.Results[FlagRun.Tenderer].ContainsKey("T3"));
        Assert.False(run.Results[FlagRun.Tenderer].ContainsKey("T4"));
    }

    [Theory]
    [InlineData("{\"ocid\":\"o\"")]
    [InlineData("{\"ocid\":\"o\"} {}")]
    [InlineData("{\"ocid\":\"o\",}")]
    [InlineData("[1,2")]
    public void Bad_json_is_refused(string json) => Assert.ThrowsAny<JsonException>(() => Read(json));
}
