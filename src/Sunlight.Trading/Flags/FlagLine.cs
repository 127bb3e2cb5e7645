using System.Text;
using System.Text.Json;

namespace Sunlight.Trading.Flags;

/// <summary>
/// One compiled release as the flags read it: every field any rule uses, read in one pass of a
/// <see cref="Utf8JsonReader"/> over the line's bytes into typed fields — no document tree, nothing read twice
/// (docs/performance.md). The readings are cardinal's (trading-flags.md "Common definitions"): a value is used only
/// when it has the expected JSON type, else it is absent; a repeated key's last value counts, as in serde_json and
/// <see cref="JsonDocument"/>. Array elements of the wrong type stay in place as empty entries (all fields absent).
/// Each reader below names the properties it reads (<see cref="Next"/>); the rest are skipped (and still checked).
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
    private static readonly byte[][] Fields = Names("ocid", "tender", "bids", "awards", "contracts", "buyer");
    private static readonly byte[][] BidsFields = Names("details");

    /// <summary>
    /// Reads a line; throws <see cref="JsonException"/> when it is not one JSON value — including a string with an
    /// escaped lone surrogate (<c>"\ud800"</c>), which serde_json, and so cardinal, refuses as invalid JSON.
    /// </summary>
    public static FlagLine Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadValue(json);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("a string that is not valid Unicode", e);
        }
    }

    private static FlagLine ReadValue(ReadOnlySpan<byte> json)
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
            int field;
            while ((field = Next(ref r, Fields)) >= 0)
            {
                switch (field)
                {
                    case 0: line.Ocid = Str(ref r); break;
                    case 1: line.Tender = Object(ref r) ? FlagTender.Read(ref r, json) : null; break;
                    case 2:
                        line.Details = null;
                        if (Object(ref r))
                        {
                            while (Next(ref r, BidsFields) >= 0)
                            {
                                line.Details = Array(ref r) ? Items(ref r, json, FlagBid.Read) : null;
                            }
                        }

                        break;
                    case 3: line.Awards = Array(ref r) ? Items(ref r, json, FlagAward.Read) : null; break;
                    case 4: line.Contracts = Array(ref r) ? Items(ref r, json, FlagContract.Read) : []; break;
                    default: line.BuyerId = Id(ref r); break;
                }
            }
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

    // ---- reading helpers (the reader stands on a value; each leaves it on that value's last token) ----

    internal delegate T ItemReader<out T>(ref Utf8JsonReader r, ReadOnlySpan<byte> json);

    /// <summary>Property names as UTF-8, for <see cref="Next"/>.</summary>
    public static byte[][] Names(params string[] names) => [.. names.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// Moves onto the value of the next property of the object being read whose name is one of
    /// <paramref name="names"/> and gives its index; the values of other properties are skipped; -1 at the object's end.
    /// </summary>
    public static int Next(ref Utf8JsonReader r, byte[][] names)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var found = -1;
            if (!r.ValueIsEscaped && !r.HasValueSequence)
            {
                var name = r.ValueSpan;
                for (var i = 0; i < names.Length; i++)
                {
                    if (name.SequenceEqual(names[i]))
                    {
                        found = i;
                        break;
                    }
                }
            }
            else
            {
                for (var i = 0; i < names.Length; i++)
                {
                    if (r.ValueTextEquals(names[i]))
                    {
                        found = i;
                        break;
                    }
                }
            }

            r.Read();
            if (found >= 0)
            {
                return found;
            }

            r.Skip();
        }

        return -1;
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

    /// <summary>Whether the reader moved onto the next element of the array being read (false at its end).</summary>
    public static bool Element(ref Utf8JsonReader r) => r.Read() && r.TokenType != JsonTokenType.EndArray;

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

    private static readonly byte[][] IdField = Names("id");

    /// <summary>The string <c>id</c> of an object value (an organisation reference), else null.</summary>
    public static string? Id(ref Utf8JsonReader r)
    {
        string? id = null;
        if (Object(ref r))
        {
            while (Next(ref r, IdField) >= 0)
            {
                id = Str(ref r);
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
        while (Element(ref r))
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
        while (Element(ref r))
        {
            list.Add(item(ref r, json));
        }

        return list;
    }

    /// <summary>The strings of an array; other values as their raw JSON when <paramref name="raw"/>, else dropped.</summary>
    public static List<string> Strings(ref Utf8JsonReader r, ReadOnlySpan<byte> json, bool raw)
    {
        var list = new List<string>();
        while (Element(ref r))
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
        var lot = "";
        if (Array(ref r))
        {
            var first = true;
            while (Element(ref r))
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
        }

        return lot;
    }

    /// <summary>An instant field (null when not a string); its text kept only when <paramref name="text"/>.</summary>
    public static When? Moment(ref Utf8JsonReader r, bool text = false)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            r.Skip();
            return null;
        }

        if (!text && !r.ValueIsEscaped && !r.HasValueSequence && Ocds.OcdsCheck.FastInstant(r.ValueSpan) is { } fast)
        {
            return new When(fast, null);
        }

        var value = r.GetString()!;
        return new When(Ocds.OcdsCheck.Instant(value), text ? value : null);
    }

    /// <summary>Whether the value is the literal <c>true</c>.</summary>
    public static bool True(ref Utf8JsonReader r)
    {
        var t = r.TokenType == JsonTokenType.True;
        r.Skip();
        return t;
    }

    /// <summary>A finite number as f64, else null (the value skipped).</summary>
    public static double? F64(ref Utf8JsonReader r)
    {
        var value = r.TokenType == JsonTokenType.Number && r.TryGetDouble(out var d) && double.IsFinite(d) ? d : (double?)null;
        r.Skip();
        return value;
    }
}

/// <summary>
/// An instant field: the instant it gives (RFC 3339 with offset; null when it is not one), read straight from the
/// line's bytes in the common form, and its text where a rule compares texts (tender period, bid dates).
/// </summary>
internal readonly record struct When(DateTimeOffset? At, string? Text);

/// <summary>A value object (<c>amount</c>, <c>currency</c>): the amount as the rules need it.</summary>
internal sealed class Money
{
    /// <summary>The amount as f64 (finite numbers only), as an exact decimal, and in whole fen.</summary>
    public double? F64;
    public decimal? Decimal;
    public long? Fen;
    public string? Currency;

    private static readonly byte[][] Fields = FlagLine.Names("amount", "currency");

    /// <summary>A value object, or null when the value is not an object.</summary>
    public static Money? Read(ref Utf8JsonReader r)
    {
        if (!FlagLine.Object(ref r))
        {
            return null;
        }

        var money = new Money();
        int field;
        while ((field = FlagLine.Next(ref r, Fields)) >= 0)
        {
            if (field == 1)
            {
                money.Currency = FlagLine.Str(ref r);
                continue;
            }

            (money.F64, money.Decimal, money.Fen) = (null, null, null);
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

    private static readonly byte[][] Fields = FlagLine.Names(
        "status", "procurementMethod", "procurementMethodDetails", "tradingKind", "mustTender", "numberOfTenderers", "procuringEntity",
        "tenderPeriod", "value", "maxPrice", "lots", "bidOpening", "amendments", "evaluationCommittees");

    private static readonly byte[][] DateField = FlagLine.Names("date");
    private static readonly byte[][] PeriodFields = FlagLine.Names("startDate", "endDate");

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
        int field;
        while ((field = FlagLine.Next(ref r, Fields)) >= 0)
        {
            switch (field)
            {
                case 0: t.Status = FlagLine.Status(ref r); break;
                case 1: t.ProcurementMethod = FlagLine.Str(ref r); break;
                case 2: t.ProcurementMethodDetails = FlagLine.Str(ref r); break;
                case 3: t.TradingKind = FlagLine.Str(ref r); break;
                case 4:
                    t.MustTenderFalse = r.TokenType == JsonTokenType.False;
                    r.Skip();
                    break;
                case 5:
                    t.OneTenderer = r.TokenType == JsonTokenType.Number && r.ValueSpan.SequenceEqual("1"u8);
                    r.Skip();
                    break;
                case 6: t.ProcuringEntityId = FlagLine.Id(ref r); break;
                case 7: (t.PeriodStart, t.PeriodEnd) = Period(ref r, text: true); break;
                case 8: t.Value = Money.Read(ref r); break;
                case 9: t.MaxPrice = Money.Read(ref r); break;
                case 10: t.Lots = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagLot.Read) : []; break;
                case 11: t.Opening = Date(ref r); break;
                case 12: t.Amendments = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagAmendment.Read) : []; break;
                default: t.Committees = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagCommittee.Read) : []; break;
            }
        }

        return t;
    }

    /// <summary>An object's <c>date</c> (<c>bidOpening</c>).</summary>
    private static When? Date(ref Utf8JsonReader r)
    {
        When? date = null;
        if (FlagLine.Object(ref r))
        {
            while (FlagLine.Next(ref r, DateField) >= 0)
            {
                date = FlagLine.Moment(ref r);
            }
        }

        return date;
    }

    /// <summary>A period's <c>startDate</c> and <c>endDate</c>.</summary>
    public static (When? Start, When? End) Period(ref Utf8JsonReader r, bool text = false)
    {
        When? start = null, end = null;
        if (FlagLine.Object(ref r))
        {
            int field;
            while ((field = FlagLine.Next(ref r, PeriodFields)) >= 0)
            {
                if (field == 0)
                {
                    start = FlagLine.Moment(ref r, text);
                }
                else
                {
                    end = FlagLine.Moment(ref r, text);
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

    private static readonly byte[][] Fields = FlagLine.Names("id", "value", "maxPrice");

    public static FlagLot Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var lot = new FlagLot();
        if (FlagLine.Object(ref r))
        {
            int field;
            while ((field = FlagLine.Next(ref r, Fields)) >= 0)
            {
                switch (field)
                {
                    case 0: lot.Id = FlagLine.Str(ref r); break;
                    case 1: lot.Value = Money.Read(ref r); break;
                    default: lot.MaxPrice = Money.Read(ref r); break;
                }
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

    private static readonly byte[][] Fields = FlagLine.Names("id", "substantive", "date");

    public static FlagAmendment Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var a = new FlagAmendment();
        if (FlagLine.Object(ref r))
        {
            int field;
            while ((field = FlagLine.Next(ref r, Fields)) >= 0)
            {
                switch (field)
                {
                    case 0: a.Id = FlagLine.Str(ref r); break;
                    case 1: a.Substantive = FlagLine.True(ref r); break;
                    default: a.Date = FlagLine.Moment(ref r); break;
                }
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

    private static readonly byte[][] Fields = FlagLine.Names("id", "date", "relatedLots", "members");

    public static FlagCommittee Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var c = new FlagCommittee();
        if (FlagLine.Object(ref r))
        {
            int field;
            while ((field = FlagLine.Next(ref r, Fields)) >= 0)
            {
                switch (field)
                {
                    case 0: c.Id = FlagLine.Str(ref r); break;
                    case 1: c.Date = FlagLine.Moment(ref r); break;
                    case 2: c.Lots = FlagLine.Array(ref r) ? FlagLine.Strings(ref r, json, raw: true) : []; break;
                    default: c.Members = FlagLine.Array(ref r) ? FlagLine.Items(ref r, json, FlagMember.Read) : []; break;
                }
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

    private static readonly byte[][] Fields = FlagLine.Names("role", "id", "drawId", "organization");

    public static FlagMember Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var m = new FlagMember();
        if (FlagLine.Object(ref r))
        {
            int field;
            while ((field = FlagLine.Next(ref r, Fields)) >= 0)
            {
                switch (field)
                {
                    case 0: m.Role = FlagLine.Status(ref r); break;
                    case 1: m.Id = FlagLine.Str(ref r); break;
                    case 2:
                        m.Drawn = r.TokenType == JsonTokenType.String && (r.HasValueSequence || r.ValueSpan.Length > 0);
                        r.Skip();
                        break;
                    default: m.OrganizationId = FlagLine.Id(ref r); break;
                }
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

    private static readonly byte[][] Fields = FlagLine.Names(
        "id", "status", "date", "tenderers", "relatedLots", "value", "deposit", "fingerprint", "agent", "projectManager", "scores");

    private static readonly byte[][] DepositFields = FlagLine.Names("form", "payer", "payerAccount");
    private static readonly byte[][] TotalField = FlagLine.Names("total");

    public static FlagBid Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var b = new FlagBid();
        if (!FlagLine.Object(ref r))
        {
            return b;
        }

        int field;
        while ((field = FlagLine.Next(ref r, Fields)) >= 0)
        {
            switch (field)
            {
                case 0: b.Id = FlagLine.Str(ref r); break;
                case 1: b.Status = FlagLine.Status(ref r); break;
                case 2: b.Date = FlagLine.Moment(ref r, text: true); break;
                case 3:
                    b.HasTenderers = FlagLine.Array(ref r);
                    (b.Tenderers, b.TenderersLength, _) = b.HasTenderers ? FlagLine.Ids(ref r) : ([], 0, null);
                    break;
                case 4: b.Lot = FlagLine.Lot(ref r, json); break;
                case 5: b.Value = Money.Read(ref r); break;
                case 6: b.Deposit(ref r); break;
                case 7: b.Fingerprint = FlagLine.Object(ref r) ? FlagFingerprint.Read(ref r, json) : null; break;
                case 8: b.AgentId = FlagLine.Id(ref r); break;
                case 9: b.ProjectManagerId = FlagLine.Id(ref r); break;
                default:
                    b.ScoreTotals = [];
                    if (FlagLine.Array(ref r))
                    {
                        while (FlagLine.Element(ref r))
                        {
                            if (Total(ref r) is { } total)
                            {
                                b.ScoreTotals.Add(total);
                            }
                        }
                    }

                    break;
            }
        }

        return b;
    }

    private void Deposit(ref Utf8JsonReader r)
    {
        DepositForm = DepositPayerId = DepositAccount = null;
        if (FlagLine.Object(ref r))
        {
            int field;
            while ((field = FlagLine.Next(ref r, DepositFields)) >= 0)
            {
                switch (field)
                {
                    case 0: DepositForm = FlagLine.Str(ref r); break;
                    case 1: DepositPayerId = FlagLine.Id(ref r); break;
                    default: DepositAccount = FlagLine.Str(ref r); break;
                }
            }
        }
    }

    /// <summary>A score's <c>total</c> when a finite number.</summary>
    private static double? Total(ref Utf8JsonReader r)
    {
        double? total = null;
        if (FlagLine.Object(ref r))
        {
            while (FlagLine.Next(ref r, TotalField) >= 0)
            {
                total = FlagLine.F64(ref r);
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

    private static readonly byte[][] Fields = FlagLine.Names("author", "creatorUnit", "macs", "machineCodes", "uploadIp", "fileHash", "quirks");
    private static readonly byte[][] MachineFields = FlagLine.Names("kind", "value");

    public static FlagFingerprint Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var f = new FlagFingerprint();
        int field;
        while ((field = FlagLine.Next(ref r, Fields)) >= 0)
        {
            switch (field)
            {
                case 0: f.Author = FlagLine.Str(ref r); break;
                case 1: f.CreatorUnitId = FlagLine.Id(ref r); break;
                case 2: f.Macs = FlagLine.Array(ref r) ? FlagLine.Strings(ref r, json, raw: false) : []; break;
                case 3:
                    f.MachineCodes = [];
                    if (FlagLine.Array(ref r))
                    {
                        while (FlagLine.Element(ref r))
                        {
                            if (FlagLine.Object(ref r))
                            {
                                f.MachineCodes.Add(Machine(ref r));
                            }
                        }
                    }

                    break;
                case 4: f.UploadIp = FlagLine.Str(ref r); break;
                case 5: f.FileHash = FlagLine.Str(ref r); break;
                default: f.Quirks = FlagLine.Array(ref r) ? FlagLine.Strings(ref r, json, raw: false) : []; break;
            }
        }

        return f;
    }

    private static (string? Kind, string? Value) Machine(ref Utf8JsonReader r)
    {
        string? kind = null, value = null;
        int field;
        while ((field = FlagLine.Next(ref r, MachineFields)) >= 0)
        {
            if (field == 0)
            {
                kind = FlagLine.Str(ref r);
            }
            else
            {
                value = FlagLine.Str(ref r);
            }
        }

        return (kind, value);
    }
}

internal sealed class FlagAward
{
    public string? Id;
    public string? Status;
    public When? Date;
    public Money? Value;

    /// <summary>The length of <c>suppliers</c> (0 when not an array), the string ids of its objects, and its first element's id.</summary>
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

    private static readonly byte[][] Fields = FlagLine.Names("id", "status", "date", "value", "suppliers", "items", "relatedLots", "publicityPeriod");
    private static readonly byte[][] ClassificationField = FlagLine.Names("classification");

    public static FlagAward Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var a = new FlagAward();
        if (!FlagLine.Object(ref r))
        {
            return a;
        }

        int field;
        while ((field = FlagLine.Next(ref r, Fields)) >= 0)
        {
            switch (field)
            {
                case 0: a.Id = FlagLine.Str(ref r); break;
                case 1: a.Status = FlagLine.Status(ref r); break;
                case 2: a.Date = FlagLine.Moment(ref r); break;
                case 3: a.Value = Money.Read(ref r); break;
                case 4: (a.Suppliers, a.SuppliersLength, a.FirstSupplier) = FlagLine.Array(ref r) ? FlagLine.Ids(ref r) : ([], 0, null); break;
                case 5:
                    a.HasItems = FlagLine.Array(ref r);
                    a.ClassificationIds = [];
                    if (a.HasItems)
                    {
                        while (FlagLine.Element(ref r))
                        {
                            a.ClassificationIds.Add(Classification(ref r));
                        }
                    }

                    break;
                case 6: a.Lot = FlagLine.Lot(ref r, json); break;
                default: (a.PublicityStart, a.PublicityEnd) = FlagTender.Period(ref r); break;
            }
        }

        return a;
    }

    /// <summary>An item's <c>classification.id</c> (a string), else null.</summary>
    private static string? Classification(ref Utf8JsonReader r)
    {
        string? id = null;
        if (FlagLine.Object(ref r))
        {
            while (FlagLine.Next(ref r, ClassificationField) >= 0)
            {
                id = FlagLine.Id(ref r);
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

    private static readonly byte[][] Fields = FlagLine.Names("id", "awardID", "amendments", "value", "originalValue", "dateSigned", "documents");
    private static readonly byte[][] DocumentFields = FlagLine.Names("documentType", "datePublished");

    public static FlagContract Read(ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        var c = new FlagContract();
        if (!FlagLine.Object(ref r))
        {
            return c;
        }

        int field;
        while ((field = FlagLine.Next(ref r, Fields)) >= 0)
        {
            switch (field)
            {
                case 0: c.Id = FlagLine.Str(ref r); break;
                case 1: c.AwardId = FlagLine.Str(ref r); break;
                case 2:
                    c.Amendments = 0;
                    if (FlagLine.Array(ref r))
                    {
                        while (FlagLine.Element(ref r))
                        {
                            r.Skip();
                            c.Amendments++;
                        }
                    }

                    break;
                case 3: c.Value = Money.Read(ref r); break;
                case 4: c.OriginalValue = Money.Read(ref r); break;
                case 5: c.DateSigned = FlagLine.Moment(ref r); break;
                default:
                    c.Documents = [];
                    if (FlagLine.Array(ref r))
                    {
                        while (FlagLine.Element(ref r))
                        {
                            c.Documents.Add(Document(ref r));
                        }
                    }

                    break;
            }
        }

        return c;
    }

    private static (string? Type, When? Published) Document(ref Utf8JsonReader r)
    {
        string? type = null;
        When? published = null;
        if (FlagLine.Object(ref r))
        {
            int field;
            while ((field = FlagLine.Next(ref r, DocumentFields)) >= 0)
            {
                if (field == 0)
                {
                    type = FlagLine.Str(ref r);
                }
                else
                {
                    published = FlagLine.Moment(ref r);
                }
            }
        }

        return (type, published);
    }
}
