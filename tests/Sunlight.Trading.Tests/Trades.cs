using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Text.Json.Nodes;
using Sunlight.Core.Identifiers;

namespace Sunlight.Trading.Tests;

/// <summary>Releases of Chinese trades for tests: valid unless a test spoils a field.</summary>
internal static class Trades
{
    /// <summary>A valid unified social credit code ending in <paramref name="n"/> (GB 32100 check character computed).</summary>
    public static string CreditCode(int n)
    {
        var first17 = "91370781MA3" + n.ToString("D6", CultureInfo.InvariantCulture);
        return first17 + Core.Identifiers.CreditCode.ComputeCheck(first17);
    }

    /// <summary>The party id of organisation <paramref name="n"/>.</summary>
    public static string Org(int n) => "CN-SAIC-" + CreditCode(n);

    /// <summary>A valid citizen ID number (GB 11643 check character computed).</summary>
    public static string Person(int n)
    {
        var first17 = "37078119800101" + n.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + CitizenId.ComputeCheck(first17);
    }

    public static JsonObject Value(decimal amount) => new() { ["amount"] = amount, ["currency"] = "CNY" };

    /// <summary>The first release of a works tender of <paramref name="centre"/>: announced, bids until <paramref name="endDate"/>.</summary>
    public static JsonObject Tender(string ocid, string centre = "370781-ggzy", string id = "1", string date = "2026-03-01T09:00:00+08:00",
        string start = "2026-03-01T09:00:00+08:00", string endDate = "2026-03-25T09:30:00+08:00") => new()
    {
        ["ocid"] = ocid,
        ["id"] = id,
        ["date"] = date,
        ["tag"] = new JsonArray("tender"),
        ["initiationType"] = "tender",
        ["buyer"] = new JsonObject { ["id"] = Org(1), ["name"] = "青州市教育和体育局" },
        ["parties"] = new JsonArray(
            new JsonObject { ["id"] = Org(1), ["name"] = "青州市教育和体育局", ["roles"] = new JsonArray("buyer") },
            new JsonObject { ["id"] = Org(2), ["name"] = "山东某招标代理有限公司", ["roles"] = new JsonArray("procuringEntity") }),
        ["tender"] = new JsonObject
        {
            ["id"] = ocid + "-tender",
            ["title"] = "青州市第三实验小学教学楼建设工程施工",
            ["status"] = "active",
            ["procurementMethod"] = "open",
            ["procurementMethodDetails"] = "公开招标",
            ["tradingKind"] = "works",
            ["mustTender"] = true,
            ["value"] = Value(12_000_000m),
            ["maxPrice"] = Value(11_800_000m),
            ["procuringEntity"] = new JsonObject { ["id"] = Org(2), ["name"] = "山东某招标代理有限公司" },
            ["tradingCentre"] = new JsonObject { ["id"] = centre, ["name"] = "公共资源交易中心" },
            ["tenderPeriod"] = new JsonObject { ["startDate"] = start, ["endDate"] = endDate },
        },
    };

    /// <summary>A release adding bids (with fingerprints and deposits) and the opening at <paramref name="opening"/>.</summary>
    public static JsonObject Bids(string ocid, string id = "2", string date = "2026-03-25T10:00:00+08:00", string opening = "2026-03-25T09:30:00+08:00") => new()
    {
        ["ocid"] = ocid,
        ["id"] = id,
        ["date"] = date,
        ["tag"] = new JsonArray("tenderUpdate"),
        ["tender"] = new JsonObject { ["bidOpening"] = new JsonObject { ["date"] = opening } },
        ["bids"] = new JsonObject
        {
            ["details"] = new JsonArray(
                Bid("b1", 10, 11_000_000m, "aa:bb:cc:dd:ee:01"),
                Bid("b2", 11, 11_200_000m, "aa:bb:cc:dd:ee:02"),
                Bid("b3", 12, 11_500_000m, "aa:bb:cc:dd:ee:03")),
        },
    };

    public static JsonObject Bid(string id, int tenderer, decimal amount, string mac) => new()
    {
        ["id"] = id,
        ["date"] = "2026-03-25T08:00:00+08:00",
        ["status"] = "valid",
        ["tenderers"] = new JsonArray(new JsonObject { ["id"] = Org(tenderer), ["name"] = $"投标人{tenderer}" }),
        ["value"] = Value(amount),
        ["fingerprint"] = new JsonObject { ["macs"] = new JsonArray(mac), ["author"] = $"作者{tenderer}", ["fileHash"] = new string('a', 63) + (tenderer % 10).ToString(CultureInfo.InvariantCulture) },
        ["deposit"] = new JsonObject { ["form"] = "transfer", ["amount"] = 200_000m, ["payerAccount"] = $"6222 0000 {tenderer}", ["payer"] = new JsonObject { ["id"] = Org(tenderer), ["name"] = $"投标人{tenderer}" } },
        ["projectManager"] = new JsonObject { ["name"] = "项目经理", ["id"] = Person(tenderer) },
    };

    /// <summary>Adds <paramref name="count"/> active experts of 青州市 (<paramref name="stem"/> + 01…) to a node's pool: ID numbers and organisations from the bases given.</summary>
    public static async Task SeedExpertsAsync(IServiceProvider services, string stem, int count, int personBase, int orgBase, string specialties = "房屋建筑")
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Storage.TradingDbContext>>().CreateDbContextAsync();
        for (var i = 1; i <= count; i++)
        {
            db.Experts.Add(new Experts.Expert
            {
                Code = $"{stem}{i:D2}", Name = $"专家{i}", IdNumber = Person(personBase + i), OrganisationId = Org(orgBase + i), OrganisationName = "单位",
                Specialties = specialties, RegionCode = "370781", RegionPath = "/370000/370700/370781/", Status = Experts.ExpertStatus.Active, UpdatedBy = "test",
            });
        }

        await db.SaveChangesAsync();
    }

    public static string Package(params JsonObject[] releases) =>
        new JsonObject { ["uri"] = "https://example.test/p", ["version"] = "1.1", ["publishedDate"] = "2026-03-25T10:00:00+08:00", ["releases"] = new JsonArray(releases) }.ToJsonString();
}
