using System.Text;
using System.Text.Json;

namespace Sunlight.Trading.Flags;

/// <summary>
/// One compiled release as the flags read it: every field any rule uses, read in one pass of a
/// <see cref="Utf8JsonReader"/> over the line's bytes into typed fields — no document tree, nothing read twice
/// (docs/performance.md). The readings are cardinal's (trading-flags.md "Common definitions"): a value is used only
/// when it has the expected JSON type, else it is absent; a repeated key's last value counts, as in serde_json and
/// <see cref="JsonDocument"/>. Array elements of the wrong type stay in place as empty entries (all fields absent).
/// </summary>
internal sealed class FlagLine
{
    /// <summary>Whether the line is a JSON object.</summary>
    public bool IsObject;
    public string? Ocid;
    public string? BuyerId;
    public FlagTender? Tender;

    /// <summary><c>bids.details</c> when it is an array (else null).</summary>
    public List<FlagBid>? Details;

    /// <summary><c>awards</c> when it is an array (else null).</summary>
    public List<FlagAward>? Awards;
    public List<FlagContract> Contracts = [];

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 128 };

    /// <summary>Reads a line; throws <see cref="JsonException"/> when it is not one JSON value.</summary>
    public static FlagLine Read(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json, Options);
        var line = new FlagLine();
        if (!r.Read())
        {
            throw new JsonException("empty");
        }

        if (r.TokenType == JsonTokenType.StartObject)
        {
            line.IsObject = true;
            ReadRelease(ref r, line, json);
        }
        else
        {
            r.Skip();
        }

        if (r.Read())
        {
            throw new JsonException("more than one value");
        }

        return line;
    }

    private static void ReadRelease(ref Utf8JsonReader r, FlagLine line, ReadOnlySpan<byte> json)
    {
        while (Next(ref r))
        {
            if (r.ValueTextEquals("ocid"u8))
            {
                r.Read();
                line.Ocid = Str(ref r);
            }
            else if (r.ValueTextEquals("tender"u8))
            {
                r.Read();
                line.Tender = Object(ref r) ? FlagTender.Read(ref r, json) : null;
            }
            else if (r.ValueTextEquals("bids"u8))
            {
                r.Read();
                line.Details = null;
                if (Object(ref r))
                {
                    while (Next(ref r))
                    {
                        if (r.ValueTextEquals("details"u8))
                        {
                            r.Read();
                            line.Details = Array(ref r) ? Items(ref r, json, FlagBid.Read) : null;
                        }
                        else
                        {
                            SkipValue(ref r);
                        }
                    }
                }
            }
            else if (r.ValueTextEquals("awards"u8))
            {
                r.Read();
                line.Awards = Array(ref r) ? Items(ref r, json, FlagAward.Read) : null;
            }
            else if (r.ValueTextEquals("contracts"u8))
            {
                r.Read();
                line.Contracts = Array(ref r) ? Items(ref r, json, FlagContract.Read) : [];
            }
            else if (r.ValueTextEquals("buyer"u8))
            {
                r.Read();
                line.BuyerId = Id(ref r);
            }
            else
            {
                SkipValue(ref r);
            }
        }
    }

    // ---- reading helpers (the reader stands on a value; each leaves it on that value's last token) ----

    internal delegate T ItemReader<out T>(ref Utf8JsonReader r, ReadOnlySpan<byte> json);

    /// <summary>Moves to the next property name of the object being read; false at its end.</summary>
    public static bool Next(ref Utf8JsonReader r) => r.Read() && r.TokenType == JsonTokenType.PropertyName;

    /// <summary>Skips the value of the property the reader stands on.</summary>
    public static void SkipValue(ref Utf8JsonReader r)
    {
        r.Read();
        r.Skip();
    }

    /// <summary>Whether the value is an object (else it is skipped).</summary>
    public static bool Object(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        r.Skip();
        return false;
    }

    /// <summary>Whether the value is an array (else it is skipped).</summary>
    public static bool Array(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        r.Skip();
        return false;
    }

    /// <summary>A string value (else null, the value skipped).</summary>
    public static string? Str(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.String)
        {
            return r.GetString();
        }

        r.Skip();
        return null;
    }

    /// <summary>A status-like string, without a copy for the values the rules compare against.</summary>
    public static string? Status(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            r.Skip();
            return null;
        }

        return r.ValueTextEquals("valid"u8) ? "valid"
            : r.ValueTextEquals("active"u8) ? "active"
            : r.ValueTextEquals("pending"u8) ? "pending"
            : r.ValueTextEquals("disqualified"u8) ? "disqualified"
            : r.ValueTextEquals("unsuccessful"u8) ? "unsuccessful"
            : r.ValueTextEquals("cancelled"u8) ? "cancelled"
            : r.ValueTextEquals("withdrawn"u8) ? "withdrawn"
            : r.ValueTextEquals("invited"u8) ? "invited"
            : r.ValueTextEquals("expert"u8) ? "expert"
            : r.GetString();
    }

    /// <summary>The string <c>id</c> of an object value (an organisation reference), else null.</summary>
    public static string? Id(ref Utf8JsonReader r)
    {
        if (!Object(ref r))
        {
            return null;
        }

        string? id = null;
        while (Next(ref r))
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                id = Str(ref r);
            }
            else
            {
                SkipValue(ref r);
            }
        }

        return id;
    }

    /// <summary>The string ids of an array of objects (<c>tenderers</c>, <c>suppliers</c>), with the array's length and its first element's id.</summary>
    public static (List<string> Ids, int Length, string? First) Ids(ref Utf8JsonReader r)
    {
        var ids = new List<string>();
        var length = 0;
        string? first = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var id = Id(ref r);
            if (length == 0)
            {
                first = id;
            }

            length++;
            if (id is not null)
            {
                ids.Add(id);
            }
        }

        return (ids, length, first);
    }

    /// <summary>The elements of an array, each read by <paramref name="item"/> (which sees every element, of any type).</summary>
    public static List<T> Items<T>(ref Utf8JsonReader r, ReadOnlySpan<byte> json, ItemReader<T> item)
    {
        var list = new List<T>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            list.Add(item(ref r, json));
        }

        return list;
    }

    /// <summary>The strings of an array, each a string's text; other values as their raw JSON when <paramref name="raw"/>, else dropped.</summary>
    public static List<string> Strings(ref Utf8JsonReader r, ReadOnlySpan<byte> json, bool raw)
    {
        var list = new List<string>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (StringOrRaw(ref r, json, raw) is { } s)
            {
                list.Add(s);
            }
        }

        return list;
    }

    /// <summary>A string's text; any other value as its raw JSON text when <paramref name="raw"/>, else null.</summary>
    public static string? StringOrRaw(ref Utf8JsonReader r, ReadOnlySpan<byte> json, bool raw)
    {
        if (r.TokenType == JsonTokenType.String)
        {
            return r.GetString();
        }

        var start = (int)r.TokenStartIndex;
        r.Skip();
        return raw ? Encoding.UTF8.GetString(json[start..(int)r.BytesConsumed]) : null;
    }

    /// <summary>A lot reference: the first of <c>relatedLots</c> (a string's text, else its raw JSON), "" when none.</summary>
    public static string Lot(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        if (!Array(ref r))
        {
            return "";
        }

        var lot = "";
        var first = true;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (first)
            {
                lot = StringOrRaw(ref r, json, raw: true)!;
                first = false;
            }
            else
            {
                r.Skip();
            }
        }

        return lot;
    }

    /// <summary>An instant field: its text, parsed when first asked.</summary>
    public static When? Moment(ref Utf8JsonReader r) => Str(ref r) is { } text ? new When(text) : null;

    /// <summary>Whether the value is the literal <c>true</c>.</summary>
    public static bool True(ref Utf8JsonReader r)
    {
        var t = r.TokenType == JsonTokenType.True;
        r.Skip();
        return t;
    }
}

/// <summary>An instant given as text: parsed (RFC 3339 with offset) once, when a rule first asks; safe to share between threads.</summary>
internal sealed class When(string text)
{
    private static readonly object Invalid = new();

    // null: not parsed yet; Invalid: not an instant; else the boxed instant (one reference, published whole).
    private object? _state;

    public string Text { get; } = text;

    public DateTimeOffset? At
    {
        get
        {
            var state = _state;
            if (state is null)
            {
                state = Ocds.OcdsCheck.Instant(Text) is { } at ? at : Invalid;
                _state = state;
            }

            return state is DateTimeOffset instant ? instant : null;
        }
    }
}

/// <summary>A value object (<c>amount</c>, <c>currency</c>): the amount as the rules need it.</summary>
internal sealed class Money
{
    /// <summary>The amount as f64 (finite numbers only), as an exact decimal, and in whole fen.</summary>
    public double? F64;
    public decimal? Decimal;
    public long? Fen;
    public string? Currency;

    /// <summary>A value object, or null when the value is not an object.</summary>
    public static Money? Read(ref Utf8JsonReader r)
    {
        if (!FlagLine.Object(ref r))
        {
            return null;
        }

        var money = new Money();
        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("amount"u8))
            {
                r.Read();
                money.F64 = null;
                money.Decimal = null;
                money.Fen = null;
                if (r.TokenType == JsonTokenType.Number)
                {
                    if (r.TryGetDouble(out var d) && double.IsFinite(d))
                    {
                        money.F64 = d;
                    }

                    if (r.TryGetDecimal(out var yuan))
                    {
                        money.Decimal = yuan;
                        // In fen exactly: absent when not a whole number of fen (or beyond a long).
                        if (Math.Abs(yuan) < 9e16m)
                        {
                            var fen = yuan * 100;
                            money.Fen = fen == decimal.Truncate(fen) ? (long)fen : null;
                        }
                    }
                }
                else
                {
                    r.Skip();
                }
            }
            else if (r.ValueTextEquals("currency"u8))
            {
                r.Read();
                money.Currency = FlagLine.Str(ref r);
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return money;
    }
}

internal sealed class FlagTender
{
    public string? Status;
    public string? ProcurementMethod;
    public string? ProcurementMethodDetails;
    public string? TradingKind;
    public bool MustTenderFalse;

    /// <summary><c>numberOfTenderers</c> is the number literal <c>1</c>.</summary>
    public bool OneTenderer;
    public string? ProcuringEntityId;
    public When? PeriodStart;
    public When? PeriodEnd;
    public Money? Value;
    public Money? MaxPrice;
    public List<FlagLot> Lots = [];
    public When? Opening;
    public List<FlagAmendment> Amendments = [];
    public List<FlagCommittee> Committees = [];

    /// <summary>The first lot with this id (null when none).</summary>
    public FlagLot? Lot(string id)
    {
        foreach (var lot in Lots)
        {
            if (lot.Id == id)
            {
                return lot;
            }
        }

        return null;
    }

    public static FlagTender Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var t = new FlagTender();
        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("status"u8))
            {
                r.Read();
                t.Status = FlagLine.Status(ref r);
            }
            else if (r.ValueTextEquals("procurementMethod"u8))
            {
                r.Read();
                t.ProcurementMethod = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("procurementMethodDetails"u8))
            {
                r.Read();
                t.ProcurementMethodDetails = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("tradingKind"u8))
            {
                r.Read();
                t.TradingKind = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("mustTender"u8))
            {
                r.Read();
                t.MustTenderFalse = r.TokenType == JsonTokenType.False;
                r.Skip();
            }
            else if (r.ValueTextEquals("numberOfTenderers"u8))
            {
                r.Read();
                t.OneTenderer = r.TokenType == JsonTokenType.Number && r.ValueSpan.SequenceEqual("1"u8);
                r.Skip();
            }
            else if (r.ValueTextEquals("procuringEntity"u8))
            {
                r.Read();
                t.ProcuringEntityId = FlagLine.Id(ref r);
            }
            else if (r.ValueTextEquals("tenderPeriod"u8))
            {
                r.Read();
                (t.PeriodStart, t.PeriodEnd) = Period(ref r);
            }
            else if (r.ValueTextEquals("value"u8))
            {
                r.Read();
                t.Value = Money.Read(ref r);
            }
            else if (r.ValueTextEquals("maxPrice"u8))
            {
                r.Read();
                t.MaxPrice = Money.Read(ref r);
            }
            else if (r.ValueTextEquals("lots"u8))
            {
                r.Read();
                t.Lots = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagLot.Read) : [];
            }
            else if (r.ValueTextEquals("bidOpening"u8))
            {
                r.Read();
                t.Opening = null;
                if (FlagLine.Object(ref r))
                {
                    while (FlagLine.Next(ref r))
                    {
                        if (r.ValueTextEquals("date"u8))
                        {
                            r.Read();
                            t.Opening = FlagLine.Moment(ref r);
                        }
                        else
                        {
                            FlagLine.SkipValue(ref r);
                        }
                    }
                }
            }
            else if (r.ValueTextEquals("amendments"u8))
            {
                r.Read();
                t.Amendments = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagAmendment.Read) : [];
            }
            else if (r.ValueTextEquals("evaluationCommittees"u8))
            {
                r.Read();
                t.Committees = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagCommittee.Read) : [];
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return t;
    }

    /// <summary>A period's <c>startDate</c> and <c>endDate</c>.</summary>
    public static (When? Start, When? End) Period(ref Utf8JsonReader r)
    {
        When? start = null, end = null;
        if (FlagLine.Object(ref r))
        {
            while (FlagLine.Next(ref r))
            {
                if (r.ValueTextEquals("startDate"u8))
                {
                    r.Read();
                    start = FlagLine.Moment(ref r);
                }
                else if (r.ValueTextEquals("endDate"u8))
                {
                    r.Read();
                    end = FlagLine.Moment(ref r);
                }
                else
                {
                    FlagLine.SkipValue(ref r);
                }
            }
        }

        return (start, end);
    }
}

internal sealed class FlagLot
{
    public string? Id;
    public Money? Value;
    public Money? MaxPrice;

    public static FlagLot Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var lot = new FlagLot();
        if (!FlagLine.Object(ref r))
        {
            return lot;
        }

        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                lot.Id = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("value"u8))
            {
                r.Read();
                lot.Value = Money.Read(ref r);
            }
            else if (r.ValueTextEquals("maxPrice"u8))
            {
                r.Read();
                lot.MaxPrice = Money.Read(ref r);
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return lot;
    }
}

internal sealed class FlagAmendment
{
    public string? Id;
    public bool Substantive;
    public When? Date;

    public static FlagAmendment Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var a = new FlagAmendment();
        if (!FlagLine.Object(ref r))
        {
            return a;
        }

        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                a.Id = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("substantive"u8))
            {
                r.Read();
                a.Substantive = FlagLine.True(ref r);
            }
            else if (r.ValueTextEquals("date"u8))
            {
                r.Read();
                a.Date = FlagLine.Moment(ref r);
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return a;
    }
}

internal sealed class FlagCommittee
{
    public string? Id;
    public When? Date;

    /// <summary><c>relatedLots</c>: strings' texts, other values' raw JSON.</summary>
    public List<string> Lots = [];
    public List<FlagMember> Members = [];

    public static FlagCommittee Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var c = new FlagCommittee();
        if (!FlagLine.Object(ref r))
        {
            return c;
        }

        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                c.Id = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("date"u8))
            {
                r.Read();
                c.Date = FlagLine.Moment(ref r);
            }
            else if (r.ValueTextEquals("relatedLots"u8))
            {
                r.Read();
                c.Lots = FlagLine.Array(ref r) ? FlagLine.Strings(ref r, json, raw: true) : [];
            }
            else if (r.ValueTextEquals("members"u8))
            {
                r.Read();
                c.Members = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagMember.Read) : [];
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return c;
    }
}

internal sealed class FlagMember
{
    public string? Role;
    public string? Id;
    /// <summary>Whether <c>drawId</c> is a non-empty string.</summary>
    public bool Drawn;
    public string? OrganizationId;

    public static FlagMember Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var m = new FlagMember();
        if (!FlagLine.Object(ref r))
        {
            return m;
        }

        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("role"u8))
            {
                r.Read();
                m.Role = FlagLine.Status(ref r);
            }
            else if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                m.Id = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("drawId"u8))
            {
                r.Read();
                m.Drawn = r.TokenType == JsonTokenType.String && (r.HasValueSequence || r.ValueSpan.Length > 0);
                r.Skip();
            }
            else if (r.ValueTextEquals("organization"u8))
            {
                r.Read();
                m.OrganizationId = FlagLine.Id(ref r);
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return m;
    }
}

internal sealed class FlagBid
{
    public string? Id;
    public string? Status;

    /// <summary>Submitted: a status other than invited or withdrawn.</summary>
    public bool Submitted => Status is { } s && s != "invited" && s != "withdrawn";
    public When? Date;

    /// <summary>Whether <c>tenderers</c> is an array, its length, and the string ids of its objects in order.</summary>
    public bool HasTenderers;
    public int TenderersLength;
    public List<string> Tenderers = [];

    /// <summary>The tenderers' ids interned by the run (set when the line is added).</summary>
    public int[] Keys = [];
    public string Lot = "";
    public Money? Value;
    public string? DepositForm;
    public string? DepositPayerId;
    public string? DepositAccount;
    public string? AgentId;
    public string? ProjectManagerId;
    public FlagFingerprint? Fingerprint;

    /// <summary>The numeric totals of <c>scores</c> (finite numbers only).</summary>
    public List<double> ScoreTotals = [];

    public static FlagBid Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var b = new FlagBid();
        if (!FlagLine.Object(ref r))
        {
            return b;
        }

        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                b.Id = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("status"u8))
            {
                r.Read();
                b.Status = FlagLine.Status(ref r);
            }
            else if (r.ValueTextEquals("date"u8))
            {
                r.Read();
                b.Date = FlagLine.Moment(ref r);
            }
            else if (r.ValueTextEquals("tenderers"u8))
            {
                r.Read();
                b.HasTenderers = FlagLine.Array(ref r);
                (b.Tenderers, b.TenderersLength, _) = b.HasTenderers ? FlagLine.Ids(ref r) : ([], 0, null);
            }
            else if (r.ValueTextEquals("relatedLots"u8))
            {
                r.Read();
                b.Lot = FlagLine.Lot(ref r, json);
            }
            else if (r.ValueTextEquals("value"u8))
            {
                r.Read();
                b.Value = Money.Read(ref r);
            }
            else if (r.ValueTextEquals("deposit"u8))
            {
                r.Read();
                b.DepositForm = b.DepositPayerId = b.DepositAccount = null;
                if (FlagLine.Object(ref r))
                {
                    while (FlagLine.Next(ref r))
                    {
                        if (r.ValueTextEquals("form"u8))
                        {
                            r.Read();
                            b.DepositForm = FlagLine.Str(ref r);
                        }
                        else if (r.ValueTextEquals("payer"u8))
                        {
                            r.Read();
                            b.DepositPayerId = FlagLine.Id(ref r);
                        }
                        else if (r.ValueTextEquals("payerAccount"u8))
                        {
                            r.Read();
                            b.DepositAccount = FlagLine.Str(ref r);
                        }
                        else
                        {
                            FlagLine.SkipValue(ref r);
                        }
                    }
                }
            }
            else if (r.ValueTextEquals("fingerprint"u8))
            {
                r.Read();
                b.Fingerprint = FlagLine.Object(ref r) ? FlagFingerprint.Read(ref r, json) : null;
            }
            else if (r.ValueTextEquals("agent"u8))
            {
                r.Read();
                b.AgentId = FlagLine.Id(ref r);
            }
            else if (r.ValueTextEquals("projectManager"u8))
            {
                r.Read();
                b.ProjectManagerId = FlagLine.Id(ref r);
            }
            else if (r.ValueTextEquals("scores"u8))
            {
                r.Read();
                b.ScoreTotals = [];
                if (FlagLine.Array(ref r))
                {
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        if (Total(ref r) is { } total)
                        {
                            b.ScoreTotals.Add(total);
                        }
                    }
                }
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return b;
    }

    /// <summary>A score's <c>total</c> when a finite number.</summary>
    private static double? Total(ref Utf8JsonReader r)
    {
        if (!FlagLine.Object(ref r))
        {
            return null;
        }

        double? total = null;
        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("total"u8))
            {
                r.Read();
                total = r.TokenType == JsonTokenType.Number && r.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
                r.Skip();
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return total;
    }
}

internal sealed class FlagFingerprint
{
    public string? Author;
    public string? CreatorUnitId;
    public List<string> Macs = [];
    public List<(string? Kind, string? Value)> MachineCodes = [];
    public string? UploadIp;
    public string? FileHash;
    public List<string> Quirks = [];

    public static FlagFingerprint Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var f = new FlagFingerprint();
        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("author"u8))
            {
                r.Read();
                f.Author = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("creatorUnit"u8))
            {
                r.Read();
                f.CreatorUnitId = FlagLine.Id(ref r);
            }
            else if (r.ValueTextEquals("macs"u8))
            {
                r.Read();
                f.Macs = FlagLine.Array(ref r) ? FlagLine.Strings(ref r, json, raw: false) : [];
            }
            else if (r.ValueTextEquals("machineCodes"u8))
            {
                r.Read();
                f.MachineCodes = [];
                if (FlagLine.Array(ref r))
                {
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        if (!FlagLine.Object(ref r))
                        {
                            continue;
                        }

                        string? kind = null, value = null;
                        while (FlagLine.Next(ref r))
                        {
                            if (r.ValueTextEquals("kind"u8))
                            {
                                r.Read();
                                kind = FlagLine.Str(ref r);
                            }
                            else if (r.ValueTextEquals("value"u8))
                            {
                                r.Read();
                                value = FlagLine.Str(ref r);
                            }
                            else
                            {
                                FlagLine.SkipValue(ref r);
                            }
                        }

                        f.MachineCodes.Add((kind, value));
                    }
                }
            }
            else if (r.ValueTextEquals("uploadIp"u8))
            {
                r.Read();
                f.UploadIp = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("fileHash"u8))
            {
                r.Read();
                f.FileHash = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("quirks"u8))
            {
                r.Read();
                f.Quirks = FlagLine.Array(ref r) ? FlagLine.Strings(ref r, json, raw: false) : [];
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return f;
    }
}

internal sealed class FlagAward
{
    public string? Id;
    public string? Status;
    public When? Date;
    public Money? Value;

    /// <summary>Whether <c>suppliers</c> is an array, its length, the string ids of its objects, and its first element's id.</summary>
    public int SuppliersLength;
    public List<string> Suppliers = [];
    public string? FirstSupplier;

    /// <summary>Whether <c>items</c> is an array, and its items' classification ids (strings).</summary>
    public bool HasItems;
    public List<string?> ClassificationIds = [];
    public string Lot = "";
    public When? PublicityStart;
    public When? PublicityEnd;

    /// <summary>The supplier when there is exactly one (with a string id).</summary>
    public string? OnlySupplier => SuppliersLength == 1 ? FirstSupplier : null;

    public static FlagAward Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var a = new FlagAward();
        if (!FlagLine.Object(ref r))
        {
            return a;
        }

        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                a.Id = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("status"u8))
            {
                r.Read();
                a.Status = FlagLine.Status(ref r);
            }
            else if (r.ValueTextEquals("date"u8))
            {
                r.Read();
                a.Date = FlagLine.Moment(ref r);
            }
            else if (r.ValueTextEquals("value"u8))
            {
                r.Read();
                a.Value = Money.Read(ref r);
            }
            else if (r.ValueTextEquals("suppliers"u8))
            {
                r.Read();
                (a.Suppliers, a.SuppliersLength, a.FirstSupplier) = FlagLine.Array(ref r) ? FlagLine.Ids(ref r) : ([], 0, null);
            }
            else if (r.ValueTextEquals("items"u8))
            {
                r.Read();
                a.HasItems = FlagLine.Array(ref r);
                a.ClassificationIds = [];
                if (a.HasItems)
                {
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        a.ClassificationIds.Add(Classification(ref r));
                    }
                }
            }
            else if (r.ValueTextEquals("relatedLots"u8))
            {
                r.Read();
                a.Lot = FlagLine.Lot(ref r, json);
            }
            else if (r.ValueTextEquals("publicityPeriod"u8))
            {
                r.Read();
                (a.PublicityStart, a.PublicityEnd) = FlagTender.Period(ref r);
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return a;
    }

    /// <summary>An item's <c>classification.id</c> (a string), else null.</summary>
    private static string? Classification(ref Utf8JsonReader r)
    {
        if (!FlagLine.Object(ref r))
        {
            return null;
        }

        string? id = null;
        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("classification"u8))
            {
                r.Read();
                id = FlagLine.Id(ref r);
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return id;
    }
}

internal sealed class FlagContract
{
    public string? Id;
    public string? AwardId;
    public int Amendments;
    public Money? Value;
    public Money? OriginalValue;
    public When? DateSigned;

    /// <summary>The documents' (<c>documentType</c>, <c>datePublished</c>).</summary>
    public List<(string? Type, When? Published)> Documents = [];

    public static FlagContract Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var c = new FlagContract();
        if (!FlagLine.Object(ref r))
        {
            return c;
        }

        while (FlagLine.Next(ref r))
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                c.Id = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("awardID"u8))
            {
                r.Read();
                c.AwardId = FlagLine.Str(ref r);
            }
            else if (r.ValueTextEquals("amendments"u8))
            {
                r.Read();
                c.Amendments = 0;
                if (FlagLine.Array(ref r))
                {
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        r.Skip();
                        c.Amendments++;
                    }
                }
            }
            else if (r.ValueTextEquals("value"u8))
            {
                r.Read();
                c.Value = Money.Read(ref r);
            }
            else if (r.ValueTextEquals("originalValue"u8))
            {
                r.Read();
                c.OriginalValue = Money.Read(ref r);
            }
            else if (r.ValueTextEquals("dateSigned"u8))
            {
                r.Read();
                c.DateSigned = FlagLine.Moment(ref r);
            }
            else if (r.ValueTextEquals("documents"u8))
            {
                r.Read();
                c.Documents = [];
                if (FlagLine.Array(ref r))
                {
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        if (!FlagLine.Object(ref r))
                        {
                            c.Documents.Add((null, null));
                            continue;
                        }

                        string? type = null;
                        When? published = null;
                        while (FlagLine.Next(ref r))
                        {
                            if (r.ValueTextEquals("documentType"u8))
                            {
                                r.Read();
                                type = FlagLine.Str(ref r);
                            }
                            else if (r.ValueTextEquals("datePublished"u8))
                            {
                                r.Read();
                                published = FlagLine.Moment(ref r);
                            }
                            else
                            {
                                FlagLine.SkipValue(ref r);
                            }
                        }

                        c.Documents.Add((type, published));
                    }
                }
            }
            else
            {
                FlagLine.SkipValue(ref r);
            }
        }

        return c;
    }
}
