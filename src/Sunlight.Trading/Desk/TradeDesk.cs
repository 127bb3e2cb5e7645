using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sunlight.Core;
using Sunlight.Core.Accounts;
using Sunlight.Core.Api;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Identifiers;
using Sunlight.Trading.Ocds;
using Sunlight.Trading.Storage;
using InputError = Sunlight.Core.Directory.Contracts.InputError;

namespace Sunlight.Trading.Desk;

/// <summary>A new trade as the operator announces it (one lot; its deadline is also the opening time, 招标投标法 §34).</summary>
internal sealed record AnnounceForm(
    string? Title, string? Kind, string? MethodDetails, string? BuyerName, string? BuyerCode, string? AgencyName, string? AgencyCode,
    string? SupervisingCode, decimal? Budget, decimal? MaxPrice, DateTimeOffset? Deadline, string? ProjectCode);

/// <summary>An amendment (澄清或者修改): what changed, whether it is substantive, a moved deadline.</summary>
internal sealed record AmendForm(string? Description, bool Substantive, DateTimeOffset? Deadline);

/// <summary>A bid as received: the tenderer, the price, the deposit and what the bid file says about where it was made.</summary>
internal sealed record BidForm(
    string? TendererName, string? TendererCode, decimal? Amount, string? DepositForm, decimal? DepositAmount, string? PayerAccount, string? PayerName, string? PayerCode,
    string? FileHash, string? Author, string? UploadIp, string? Mac, string? ManagerName, string? ManagerId);

/// <summary>The evaluation: each bid's status and each member's total score for it (member codes from the draw).</summary>
internal sealed record EvaluationForm(string? DrawId, IReadOnlyDictionary<string, string> Status, IReadOnlyDictionary<(string Bid, string Member), decimal?> Scores);

/// <summary>
/// The operator's desk (trading.md "Trades are OCDS 1.1": each step "from the centre's e-trading system, the operator's
/// pages or a file, is a release through one import"): every step a page offers is built here as an OCDS release of
/// this instant and taken by <see cref="OcdsIntake"/> with the operator's scope, so the page, a file and a centre's
/// system make the same facts, the same ledger records and the same alerts. The desk refuses what the law forbids a
/// centre to do at that moment (a bid after the deadline, 招标投标法 §28; an opening before it, §34; the award notice
/// during the candidates' publicity, 实施条例 §54) with the field and the reason; what the law only limits (a short
/// bid period, a late contract) it records, and the rules flag.
/// </summary>
internal sealed class TradeDesk(
    OcdsIntake intake, IDbContextFactory<TradingDbContext> contexts, IDirectory directory, IOptions<TradingOptions> options, Draws.DrawService draws, TimeProvider clock)
{
    /// <summary>procurementMethodDetails offered per tradingKind, with their OCDS procurementMethod (trading.md, the step "project").</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Details, string Method)>> Methods { get; } = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal)
    {
        ["works"] = [("公开招标", "open"), ("邀请招标", "selective")],
        ["government-procurement"] = [("公开招标", "open"), ("邀请招标", "selective"), ("竞争性磋商", "limited"), ("竞争性谈判", "limited"), ("询价", "limited"), ("单一来源", "direct"), ("框架协议采购", "open")],
        ["land"] = [("挂牌出让", "open"), ("拍卖出让", "open"), ("招标出让", "open")],
        ["mining-rights"] = [("挂牌出让", "open"), ("拍卖出让", "open"), ("招标出让", "open")],
        ["state-assets"] = [("产权转让", "open")],
        ["medicine"] = [("药品集中带量采购", "open")],
    };

    public static IReadOnlyList<string> DepositForms { get; } = ["transfer", "cash", "guarantee", "insurance"];

    /// <summary>One announcement at a time per node: the next sequence of a centre's year is read and taken under it.</summary>
    private static readonly SemaphoreSlim Numbering = new(1, 1);

    /// <summary>Announces a new trade of the operator's centre; returns its ocid.</summary>
    public async Task<string> AnnounceAsync(Jurisdiction who, string userName, AnnounceForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(form);
        var centre = await CentreAsync(who, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var errors = new List<InputError>();
        var title = Required(form.Title, "title", 200, "项目名称", "the title", errors);
        string? method = null;
        if (form.Kind is null || !Methods.TryGetValue(form.Kind, out var methods))
        {
            errors.Add(new("kind", Bilingual.Say("请选择交易类别", "choose the kind of trade")));
        }
        else if (methods.FirstOrDefault(m => m.Details == form.MethodDetails) is not { Details: not null } chosen)
        {
            errors.Add(new("methodDetails", Bilingual.Say($"请选择交易方式（{string.Join("、", methods.Select(m => m.Details))}）", $"choose the method ({string.Join(", ", methods.Select(m => m.Details))})")));
        }
        else
        {
            method = chosen.Method;
        }

        var buyerName = Required(form.BuyerName, "buyerName", 200, "招标人（采购人）名称", "the buyer's name", errors);
        var buyerCode = Credit(form.BuyerCode, "buyerCode", required: true, errors);
        var agencyCode = Credit(form.AgencyCode, "agencyCode", required: false, errors);
        var agencyName = form.AgencyName?.Trim();
        if (agencyCode is not null && string.IsNullOrEmpty(agencyName))
        {
            errors.Add(new("agencyName", Bilingual.Say("填写了代理机构代码，请同时填写其名称", "give the agency's name with its code")));
        }

        OrganisationFacts? supervising = null;
        if (!string.IsNullOrWhiteSpace(form.SupervisingCode))
        {
            supervising = await directory.OrganisationAsync(form.SupervisingCode.Trim(), ct).ConfigureAwait(false);
            if (supervising is null || supervising.Kind != OrganisationKind.Department || !supervising.RegionPath.StartsWith(centre.RegionPath, StringComparison.Ordinal))
            {
                errors.Add(new("supervisingCode", Bilingual.Say($"{form.SupervisingCode} 不是本中心所在地区的行政监督部门", $"{form.SupervisingCode} is not a department of the centre's region")));
            }
        }

        var budget = Money(form.Budget, "budget", required: true, "预算（估算价）", "the budget", errors);
        var ceiling = Money(form.MaxPrice, "maxPrice", required: false, "最高投标限价", "the ceiling price", errors);
        if (form.Deadline is not { } deadline || deadline <= now)
        {
            errors.Add(new("deadline", Bilingual.Say("投标截止（开标）时间须晚于现在", "the deadline (opening time) must be later than now")));
            deadline = now;
        }

        var projectCode = form.ProjectCode?.Trim().ToUpperInvariant();
        if (projectCode is { Length: > 64 })
        {
            errors.Add(new("projectCode", Bilingual.Say("投资项目代码过长（至多 64 个字符）", "the investment project code is too long (at most 64 characters)")));
        }

        Throw(errors, "公告未发布", "announcement not published");
        var prefix = options.Value.OrgIdPrefix;
        var buyerId = $"{prefix}-{buyerCode}";
        var parties = new JsonArray(new JsonObject { ["id"] = buyerId, ["name"] = buyerName, ["roles"] = new JsonArray("buyer") });
        var tender = new JsonObject
        {
            ["title"] = title,
            ["status"] = "active",
            ["procurementMethod"] = method,
            ["procurementMethodDetails"] = form.MethodDetails,
            ["tradingKind"] = form.Kind,
            ["mustTender"] = form.Kind == "works",
            ["value"] = Value(budget!.Value),
            ["tradingCentre"] = new JsonObject { ["id"] = centre.Code, ["name"] = centre.Name },
            ["tenderPeriod"] = new JsonObject { ["startDate"] = At(now), ["endDate"] = At(deadline) },
            ["documents"] = new JsonArray(new JsonObject { ["id"] = "notice-1", ["documentType"] = "tenderNotice", ["title"] = title, ["datePublished"] = At(now) }),
        };
        var lot = new JsonObject { ["id"] = "1", ["title"] = title, ["value"] = Value(budget.Value) };
        if (ceiling is { } max)
        {
            tender["maxPrice"] = Value(max);
            lot["maxPrice"] = Value(max);
        }

        tender["lots"] = new JsonArray(lot);
        if (agencyCode is not null)
        {
            var agencyId = $"{prefix}-{agencyCode}";
            parties.Add(new JsonObject { ["id"] = agencyId, ["name"] = agencyName, ["roles"] = new JsonArray("procuringEntity") });
            tender["procuringEntity"] = new JsonObject { ["id"] = agencyId, ["name"] = agencyName };
        }

        if (supervising is not null)
        {
            tender["supervisingDepartment"] = new JsonObject { ["id"] = supervising.Code, ["name"] = supervising.Name };
        }

        await Numbering.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var ocid = await NextOcidAsync(centre, now, ct).ConfigureAwait(false);
            tender["id"] = ocid + "-tender";
            var release = new JsonObject
            {
                ["ocid"] = ocid,
                ["id"] = ReleaseId(ocid, "tender", now),
                ["date"] = At(now),
                ["tag"] = new JsonArray("tender"),
                ["initiationType"] = "tender",
                ["language"] = "zh",
                ["buyer"] = new JsonObject { ["id"] = buyerId, ["name"] = buyerName },
                ["parties"] = parties,
                ["tender"] = tender,
            };
            if (projectCode is { Length: > 0 })
            {
                release["planning"] = new JsonObject { ["budget"] = new JsonObject { ["projectID"] = projectCode } };
            }

            await SubmitAsync(who, userName, release, ct).ConfigureAwait(false);
            return ocid;
        }
        finally
        {
            Numbering.Release();
        }
    }

    /// <summary>Records an amendment (before the deadline only; a moved deadline moves the opening with it).</summary>
    public async Task AmendAsync(Jurisdiction who, string userName, string ocid, AmendForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (project, compiled) = await ProcessAsync(who, ocid, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var end = Deadline(compiled);
        var errors = new List<InputError>();
        if (end is { } e && e <= now)
        {
            errors.Add(new("deadline", Bilingual.Say($"投标截止时间 {ChinaTime.Local(e)} 已过，不能再澄清或者修改招标文件", $"the deadline {ChinaTime.Local(e)} has passed; the documents can no longer be amended")));
        }

        var description = Required(form.Description, "description", 2000, "澄清或者修改的内容", "what changed", errors);
        if (form.Deadline is { } moved && moved <= now)
        {
            errors.Add(new("deadline", Bilingual.Say("新的投标截止时间须晚于现在", "the new deadline must be later than now")));
        }

        Throw(errors, "澄清或者修改未记录", "amendment not recorded");
        var amendments = compiled["tender"]?["amendments"] as JsonArray;
        var tender = new JsonObject
        {
            ["amendments"] = new JsonArray(new JsonObject
            {
                ["id"] = $"amendment-{(amendments?.Count ?? 0) + 1}", ["date"] = At(now), ["description"] = description, ["substantive"] = form.Substantive,
            }),
        };
        if (form.Deadline is { } deadline)
        {
            tender["tenderPeriod"] = new JsonObject { ["endDate"] = At(deadline) };
        }

        await SubmitAsync(who, userName, Release(project, "tenderAmendment", now, new JsonObject { ["tender"] = tender }), ct).ConfigureAwait(false);
    }

    /// <summary>Records a bid received before the deadline (a later one is refused, 招标投标法 §28); returns its id.</summary>
    public async Task<string> BidAsync(Jurisdiction who, string userName, string ocid, BidForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (project, compiled) = await ProcessAsync(who, ocid, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var errors = new List<InputError>();
        if (Deadline(compiled) is { } end && now > end)
        {
            errors.Add(new("deadline", Bilingual.Say($"投标截止时间 {ChinaTime.Local(end)} 已过，逾期送达的投标文件应当拒收（招标投标法第二十八条）", $"the deadline {ChinaTime.Local(end)} has passed: a late bid must be refused (Tendering Law §28)")));
        }

        if (Opened(compiled))
        {
            errors.Add(new("deadline", Bilingual.Say("已开标，不能再接收投标", "the bids are open; no more bids")));
        }

        var name = Required(form.TendererName, "tendererName", 200, "投标人名称", "the tenderer's name", errors);
        var code = Credit(form.TendererCode, "tendererCode", required: true, errors);
        var amount = Money(form.Amount, "amount", required: true, "投标报价", "the price", errors);
        var depositAmount = Money(form.DepositAmount, "depositAmount", required: false, "保证金金额", "the deposit", errors);
        if (form.DepositForm is { Length: > 0 } f && !DepositForms.Contains(f))
        {
            errors.Add(new("depositForm", Bilingual.Say("保证金形式须为转账、现金、保函或保险", "the deposit's form is transfer, cash, guarantee or insurance")));
        }

        var payerCode = Credit(form.PayerCode, "payerCode", required: false, errors);
        if (form.FileHash is { Length: > 0 } hash && (hash.Trim().Length != 64 || !hash.Trim().All(Uri.IsHexDigit)))
        {
            errors.Add(new("fileHash", Bilingual.Say("投标文件哈希须为 64 位十六进制 SHA-256", "the bid file's hash is 64 hexadecimal digits (SHA-256)")));
        }

        if (form.UploadIp is { Length: > 0 } ip && !System.Net.IPAddress.TryParse(ip.Trim(), out _))
        {
            errors.Add(new("uploadIp", Bilingual.Say($"{ip} 不是 IP 地址", $"{ip} is not an IP address")));
        }

        if (form.ManagerId is { Length: > 0 } person && !CitizenId.Validate(person.Trim()).Valid)
        {
            errors.Add(new("managerId", Bilingual.Say("项目负责人身份证号码校验不通过（GB 11643）", "the project manager's ID number fails its check (GB 11643)")));
        }

        Throw(errors, "投标未记录", "bid not recorded");
        var prefix = options.Value.OrgIdPrefix;
        var tendererId = $"{prefix}-{code}";
        var id = $"bid-{((compiled["bids"]?["details"] as JsonArray)?.Count ?? 0) + 1}";
        var bid = new JsonObject
        {
            ["id"] = id,
            ["date"] = At(now),
            ["status"] = "pending",
            ["tenderers"] = new JsonArray(new JsonObject { ["id"] = tendererId, ["name"] = name }),
            ["value"] = Value(amount!.Value),
            ["relatedLots"] = new JsonArray("1"),
        };
        var fingerprint = new JsonObject();
        if (form.FileHash is { Length: > 0 } h)
        {
            fingerprint["fileHash"] = h.Trim().ToLowerInvariant();
        }

        if (form.Author is { Length: > 0 } author)
        {
            fingerprint["author"] = author.Trim();
        }

        if (form.UploadIp is { Length: > 0 } address)
        {
            fingerprint["uploadIp"] = address.Trim();
        }

        if (form.Mac is { Length: > 0 } mac)
        {
            fingerprint["macs"] = new JsonArray(mac.Trim());
        }

        if (fingerprint.Count > 0)
        {
            bid["fingerprint"] = fingerprint;
        }

        if (form.DepositForm is { Length: > 0 } depositForm)
        {
            var payerId = payerCode is null ? tendererId : $"{prefix}-{payerCode}";
            var deposit = new JsonObject
            {
                ["form"] = depositForm,
                ["payer"] = new JsonObject { ["id"] = payerId, ["name"] = payerCode is null ? name : form.PayerName?.Trim() ?? "" },
                ["paidAt"] = At(now),
            };
            if (depositAmount is { } d)
            {
                deposit["amount"] = d;
            }

            if (form.PayerAccount is { Length: > 0 } account)
            {
                deposit["payerAccount"] = account.Trim();
            }

            bid["deposit"] = deposit;
        }

        if (form.ManagerName is { Length: > 0 } manager)
        {
            bid["projectManager"] = new JsonObject { ["name"] = manager.Trim(), ["id"] = form.ManagerId?.Trim().ToUpperInvariant() };
        }

        var changes = new JsonObject
        {
            ["parties"] = new JsonArray(new JsonObject { ["id"] = tendererId, ["name"] = name, ["roles"] = new JsonArray("tenderer") }),
            ["bids"] = new JsonObject { ["details"] = new JsonArray(bid) },
        };
        await SubmitAsync(who, userName, Release(project, "tenderUpdate", now, changes), ct).ConfigureAwait(false);
        return id;
    }

    /// <summary>Opens the bids: at the deadline or after it (招标投标法 §34), once.</summary>
    public async Task OpenAsync(Jurisdiction who, string userName, string ocid, CancellationToken ct)
    {
        var (project, compiled) = await ProcessAsync(who, ocid, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var errors = new List<InputError>();
        if (Deadline(compiled) is { } end && now < end)
        {
            errors.Add(new("open", Bilingual.Say($"开标应当在投标截止时间 {ChinaTime.Local(end)} 公开进行，时间未到（招标投标法第三十四条）", $"the opening is at the deadline {ChinaTime.Local(end)}, not before (Tendering Law §34)")));
        }

        if (Opened(compiled))
        {
            errors.Add(new("open", Bilingual.Say("已开标", "the bids are already open")));
        }

        Throw(errors, "未开标", "not opened");
        var changes = new JsonObject { ["tender"] = new JsonObject { ["bidOpening"] = new JsonObject { ["date"] = At(now) } } };
        await SubmitAsync(who, userName, Release(project, "tenderUpdate", now, changes), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the evaluation: the committee is the completed draw's selected experts (with their organisations and the
    /// draw id), each bid valid or disqualified, each member's total for each bid.
    /// </summary>
    public async Task EvaluateAsync(Jurisdiction who, string userName, string ocid, EvaluationForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (project, compiled) = await ProcessAsync(who, ocid, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var errors = new List<InputError>();
        if (!Opened(compiled))
        {
            errors.Add(new("open", Bilingual.Say("尚未开标，不能评标", "the bids are not open yet")));
        }

        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var draw = form.DrawId is null ? null : await db.Draws.AsNoTracking().FirstOrDefaultAsync(d => d.Id == form.DrawId && d.Ocid == ocid, ct).ConfigureAwait(false);
        if (draw is null || draw.Result is null)
        {
            errors.Add(new("drawId", Bilingual.Say("评标委员会须来自本项目已完成的专家抽取", "the committee must come from a completed expert draw of this trade")));
        }

        if (draw?.Result is not null && now < draw.EvaluationAt)
        {
            errors.Add(new("drawId", Bilingual.Say($"评标时间 {ChinaTime.Local(draw.EvaluationAt)} 未到", $"the evaluation is at {ChinaTime.Local(draw.EvaluationAt)}, not yet")));
        }

        Throw(errors, "评标结果未记录", "evaluation not recorded");
        // The committee as it stands: the draw's selected experts after any replacement by alternates.
        var selected = (await draws.GetAsync(who, draw!.Id, ct).ConfigureAwait(false))!.Groups!.SelectMany(g => g.Selected).ToList();
        var experts = await db.Experts.AsNoTracking().Where(x => selected.Contains(x.Code)).ToDictionaryAsync(x => x.Code, StringComparer.Ordinal, ct).ConfigureAwait(false);
        var bids = (compiled["bids"]?["details"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var updates = new JsonArray();
        foreach (var bid in bids)
        {
            var id = bid["id"]!.ToString();
            var status = form.Status.GetValueOrDefault(id) ?? "valid";
            if (status is not ("valid" or "disqualified"))
            {
                errors.Add(new($"status[{id}]", Bilingual.Say($"投标 {id} 的评审结论须为有效或否决", $"bid {id}: valid or disqualified")));
                continue;
            }

            var scores = new JsonArray();
            foreach (var member in selected)
            {
                if (form.Scores.GetValueOrDefault((id, member)) is { } total)
                {
                    if (total is < 0 or > 100 || decimal.Round(total, 2) != total)
                    {
                        errors.Add(new($"score[{id}][{member}]", Bilingual.Say($"投标 {id}、专家 {member} 的得分须在 0–100 之间、至多两位小数", $"bid {id}, expert {member}: a score of 0–100 with at most 2 decimals")));
                    }

                    scores.Add(new JsonObject { ["member"] = member, ["total"] = total });
                }
                else if (status == "valid")
                {
                    errors.Add(new($"score[{id}][{member}]", Bilingual.Say($"有效投标 {id} 缺少专家 {member} 的得分", $"valid bid {id} lacks expert {member}'s score")));
                }
            }

            updates.Add(new JsonObject { ["id"] = id, ["status"] = status, ["scores"] = scores });
        }

        if (bids.Count == 0)
        {
            errors.Add(new("bids", Bilingual.Say("没有投标可评", "there are no bids to evaluate")));
        }

        Throw(errors, "评标结果未记录", "evaluation not recorded");
        var members = new JsonArray([.. selected.Select(code => (JsonNode)new JsonObject
        {
            ["id"] = code,
            ["name"] = experts.GetValueOrDefault(code)?.Name ?? "",
            ["role"] = "expert",
            ["organization"] = new JsonObject { ["id"] = experts.GetValueOrDefault(code)?.OrganisationId ?? "", ["name"] = experts.GetValueOrDefault(code)?.OrganisationName ?? "" },
            ["drawId"] = draw.Id,
        })]);
        var changes = new JsonObject
        {
            ["tender"] = new JsonObject
            {
                ["evaluationCommittees"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"committee-{draw.Lot}", ["date"] = At(draw.EvaluationAt), ["relatedLots"] = new JsonArray(draw.Lot), ["members"] = members,
                }),
            },
            ["bids"] = new JsonObject { ["details"] = updates },
        };
        await SubmitAsync(who, userName, Release(project, "tenderUpdate", now, changes), ct).ConfigureAwait(false);
    }

    /// <summary>Publishes the first candidate (中标候选人公示) for <paramref name="days"/> days from now.</summary>
    public async Task PublicityAsync(Jurisdiction who, string userName, string ocid, string? bidId, int? days, CancellationToken ct)
    {
        var (project, compiled) = await ProcessAsync(who, ocid, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var errors = new List<InputError>();
        var bid = (compiled["bids"]?["details"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(b => b["id"]?.ToString() == bidId);
        if (compiled["tender"]?["evaluationCommittees"] is not JsonArray { Count: > 0 })
        {
            errors.Add(new("bidId", Bilingual.Say("尚未记录评标结果", "the evaluation is not recorded yet")));
        }
        else if (bid is null || bid["status"]?.ToString() != "valid")
        {
            errors.Add(new("bidId", Bilingual.Say("请选择一个有效投标作为第一中标候选人", "choose a valid bid as the first candidate")));
        }

        if (days is not (>= 1 and <= 30))
        {
            errors.Add(new("days", Bilingual.Say("公示期为 1–30 日", "the publicity lasts 1–30 days")));
        }

        if (Award(compiled) is not null)
        {
            errors.Add(new("bidId", Bilingual.Say("已有中标候选人或中标结果", "a candidate or an award already exists")));
        }

        Throw(errors, "公示未发布", "publicity not published");
        var award = new JsonObject
        {
            ["id"] = "award-1",
            ["status"] = "pending",
            ["date"] = At(now),
            ["value"] = bid!["value"]!.DeepClone(),
            ["suppliers"] = bid["tenderers"]!.DeepClone(),
            ["relatedLots"] = new JsonArray("1"),
            ["relatedBid"] = bid["id"]!.ToString(),
            ["publicityPeriod"] = new JsonObject { ["startDate"] = At(now), ["endDate"] = At(now.AddDays(days!.Value)) },
        };
        await SubmitAsync(who, userName, Release(project, "award", now, new JsonObject { ["awards"] = new JsonArray(award) }), ct).ConfigureAwait(false);
    }

    /// <summary>Issues the award notice (中标通知书) once the candidates' publicity has ended.</summary>
    public async Task AwardAsync(Jurisdiction who, string userName, string ocid, CancellationToken ct)
    {
        var (project, compiled) = await ProcessAsync(who, ocid, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var errors = new List<InputError>();
        var award = Award(compiled);
        if (award?["status"]?.ToString() != "pending")
        {
            errors.Add(new("award", Bilingual.Say("没有公示中的中标候选人", "there is no candidate in publicity")));
        }
        else if (OcdsCheck.Instant(award["publicityPeriod"]?["endDate"]?.ToString()) is { } end && now < end)
        {
            errors.Add(new("award", Bilingual.Say($"公示期至 {ChinaTime.Local(end)} 结束，之前不得发出中标通知书（实施条例第五十四条）", $"the publicity ends {ChinaTime.Local(end)}; no award notice before then (Regulations §54)")));
        }

        Throw(errors, "中标通知书未发出", "award notice not issued");
        var changes = new JsonObject
        {
            ["tender"] = new JsonObject { ["status"] = "complete" },
            ["awards"] = new JsonArray(new JsonObject { ["id"] = award!["id"]!.ToString(), ["status"] = "active", ["date"] = At(now) }),
        };
        await SubmitAsync(who, userName, Release(project, "award", now, changes), ct).ConfigureAwait(false);
    }

    /// <summary>Records the signed contract and its notice (published now).</summary>
    public async Task ContractAsync(Jurisdiction who, string userName, string ocid, decimal? value, CancellationToken ct)
    {
        var (project, compiled) = await ProcessAsync(who, ocid, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var errors = new List<InputError>();
        var award = Award(compiled);
        if (award?["status"]?.ToString() != "active")
        {
            errors.Add(new("value", Bilingual.Say("尚未发出中标通知书", "no award notice has been issued")));
        }

        if ((compiled["contracts"] as JsonArray)?.Count > 0)
        {
            errors.Add(new("value", Bilingual.Say("合同已记录；变更请走合同变更", "the contract is recorded; a change is a contract amendment")));
        }

        var amount = Money(value, "value", required: true, "合同金额", "the contract value", errors);
        Throw(errors, "合同未记录", "contract not recorded");
        var contract = new JsonObject
        {
            ["id"] = "contract-1",
            ["awardID"] = award!["id"]!.ToString(),
            ["status"] = "active",
            ["dateSigned"] = At(now),
            ["value"] = Value(amount!.Value),
            ["originalValue"] = Value(amount.Value),
            ["documents"] = new JsonArray(new JsonObject { ["id"] = "contract-notice-1", ["documentType"] = "contractSigned", ["datePublished"] = At(now) }),
        };
        await SubmitAsync(who, userName, Release(project, "contract", now, new JsonObject { ["contracts"] = new JsonArray(contract) }), ct).ConfigureAwait(false);
    }

    // ---- reading the process ----

    /// <summary>The process as the operator's centre holds it; refused (not found) for another centre's.</summary>
    private async Task<(TradeProject Project, JsonObject Compiled)> ProcessAsync(Jurisdiction who, string ocid, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Ocid == ocid, ct).ConfigureAwait(false);
        if (project is null || project.Foreign || !who.IsInRole(SunlightRoles.TradingOperator) || project.CentreCode != who.OrganisationCode)
        {
            throw new InputException(Refusal.NotFound, Bilingual.Say($"本中心没有交易项目 {ocid}", $"your centre has no trade {ocid}"));
        }

        return (project, (JsonObject)JsonNode.Parse(project.Compiled)!);
    }

    private async Task<OrganisationFacts> CentreAsync(Jurisdiction who, CancellationToken ct)
    {
        if (!who.IsInRole(SunlightRoles.TradingOperator) || who.OrganisationCode is not { } code
            || await directory.OrganisationAsync(code, ct).ConfigureAwait(false) is not { Kind: OrganisationKind.TradingCentre } centre)
        {
            throw new InputException(Refusal.Forbidden, Bilingual.Say("只有交易中心的工作人员可以发布交易", "only a trading centre's operators announce trades"));
        }

        return centre;
    }

    /// <summary>The next <c>prefix-region-year-seq</c> of the centre (trading.md: ocid).</summary>
    private async Task<string> NextOcidAsync(OrganisationFacts centre, DateTimeOffset now, CancellationToken ct)
    {
        var stem = $"{options.Value.OcidPrefix}-{centre.RegionCode}-{ChinaTime.Day(now).Year.ToString(CultureInfo.InvariantCulture)}-";
        await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        var taken = await db.Projects.AsNoTracking().Where(p => p.Ocid.StartsWith(stem)).Select(p => p.Ocid).ToListAsync(ct).ConfigureAwait(false);
        var last = taken.Select(o => int.TryParse(o.AsSpan(stem.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return stem + (last + 1).ToString("D5", CultureInfo.InvariantCulture);
    }

    public static DateTimeOffset? Deadline(JsonObject compiled) => OcdsCheck.Instant(compiled["tender"]?["tenderPeriod"]?["endDate"]?.ToString());

    public static bool Opened(JsonObject compiled) => compiled["tender"]?["bidOpening"]?["date"] is not null;

    public static JsonObject? Award(JsonObject compiled) => (compiled["awards"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();

    // ---- writing ----

    /// <summary>The import's warnings on the last step (a bid by a barred tenderer): the step is recorded, the page says so.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    private async Task SubmitAsync(Jurisdiction who, string userName, JsonObject release, CancellationToken ct)
    {
        var answer = await intake.IngestAsync([new OcdsItem(null, 0, release.ToJsonString(TradeReader.Compact))], OcdsScope.Of(who, userName), ct).ConfigureAwait(false);
        Warnings = [.. answer.Warnings.Select(w => w.Warning)];
        if (answer.Accepted != 1)
        {
            // The page built it, so a refusal here is the import's own check speaking (a centre not the caller's, a bad id).
            throw new InputException(Refusal.Invalid, Bilingual.Say("发布未被接受", "release not accepted"),
                [.. answer.Results.SelectMany(r => r.Errors).Select(e => new InputError(e.Path, e.Message))]);
        }
    }

    private static JsonObject Release(TradeProject project, string tag, DateTimeOffset now, JsonObject changes)
    {
        var ocid = project.Ocid;
        var release = new JsonObject
        {
            ["ocid"] = ocid,
            ["id"] = ReleaseId(ocid, tag, now, project.ReleaseCount),
            ["date"] = At(now),
            ["tag"] = new JsonArray(tag),
            ["initiationType"] = "tender",
            ["language"] = "zh",
        };
        foreach (var (key, value) in changes.ToList())
        {
            changes.Remove(key);
            release[key] = value;
        }

        return release;
    }

    /// <summary>A release id of the step, the instant (milliseconds) and the process's count of releases so far: two steps of one instant differ.</summary>
    private static string ReleaseId(string ocid, string tag, DateTimeOffset now, int count = 0) =>
        $"{ocid}-{tag}-{now.ToUniversalTime().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}-{count + 1}";

    private static string At(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static JsonObject Value(decimal yuan) => new() { ["amount"] = yuan, ["currency"] = "CNY" };

    private static void Throw(List<InputError> errors, string zh, string en)
    {
        if (errors.Count > 0)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say(zh, en), errors);
        }
    }

    private static string? Required(string? value, string field, int max, string zh, string en, List<InputError> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new(field, Bilingual.Say($"请填写{zh}", $"give {en}")));
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(new(field, Bilingual.Say($"{zh}过长（至多 {max} 个字符）", $"{en} is too long (at most {max} characters)")));
            return null;
        }

        return text;
    }

    /// <summary>A unified social credit code (GB 32100), upper-cased; null when absent (an error when required) or invalid.</summary>
    private static string? Credit(string? value, string field, bool required, List<InputError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(new(field, Bilingual.Say("请填写统一社会信用代码", "give the unified social credit code")));
            }

            return null;
        }

        var check = CreditCode.Validate(value.Trim().ToUpperInvariant());
        if (!check.Valid)
        {
            errors.Add(new(field, Bilingual.Say($"统一社会信用代码 {value.Trim()} 校验不通过（GB 32100）：{string.Join("；", check.Errors)}", $"the unified social credit code {value.Trim()} fails its check (GB 32100): {string.Join("; ", check.Errors)}")));
            return null;
        }

        return check.Normalized;
    }

    private static decimal? Money(decimal? value, string field, bool required, string zh, string en, List<InputError> errors)
    {
        if (value is not { } yuan)
        {
            if (required)
            {
                errors.Add(new(field, Bilingual.Say($"请填写{zh}（元）", $"give {en} (yuan)")));
            }

            return null;
        }

        if (yuan <= 0 || decimal.Round(yuan, 2) != yuan || yuan > 1_000_000_000_000m)
        {
            errors.Add(new(field, Bilingual.Say($"{zh}须为正数、至多两位小数（元）", $"{en} is a positive amount in yuan with at most 2 decimals")));
            return null;
        }

        return yuan;
    }
}
