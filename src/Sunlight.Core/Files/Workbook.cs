using System.Globalization;
using System.IO.Compression;
using System.Xml;
using MiniExcelLibs;
using Sunlight.Core.Api;
using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Files;

/// <summary>
/// An uploaded .xlsx, checked before a cell is read so that no workbook can crash or exhaust the node: at most
/// <see cref="WorkbookLimits.MaxBytes"/> uploaded and <see cref="WorkbookLimits.MaxInflatedBytes"/> inflated (a zip bomb
/// stops there), every part well-formed XML without a DTD, every listed sheet present and named once, no sheet wider
/// than <see cref="WorkbookLimits.MaxColumns"/> or longer than <see cref="WorkbookLimits.MaxRows"/> (by its declared
/// dimension and by its cells), all within <see cref="WorkbookLimits.Time"/> and the caller's cancellation. Then rows are
/// read as text under the template's headers, every cell held to <see cref="TextInput"/>.
/// A workbook that fails any check is a <see cref="WorkbookRefusedException"/> with a message a person can act on.
/// </summary>
public sealed class Workbook : IDisposable
{
    private readonly MemoryStream _buffer;
    private readonly CancellationToken _ct;

    private Workbook(MemoryStream buffer, IReadOnlyList<string> sheets, CancellationToken ct)
    {
        _buffer = buffer;
        SheetNames = sheets;
        _ct = ct;
    }

    /// <summary>The sheets in the order the workbook lists them.</summary>
    public IReadOnlyList<string> SheetNames { get; }

    /// <summary>Reads and checks an upload; throws <see cref="WorkbookRefusedException"/> when it is not a workbook Sunlight can read safely.</summary>
    public static async Task<Workbook> OpenAsync(Stream file, WorkbookLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(limits);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limits.Time);
        var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await file.ReadAsync(chunk, deadline.Token).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limits.MaxBytes)
                {
                    throw Refuse(Bilingual.Say($"文件超过 {limits.MaxBytes / 1024 / 1024} MB，请分成几个文件", $"the file is larger than {limits.MaxBytes / 1024 / 1024} MB; split it"));
                }
            }

            List<string> sheets;
            try
            {
                sheets = Check(buffer, limits, deadline.Token);
            }
            catch (InvalidDataException)
            {
                throw Refuse(NotXlsx);
            }

            buffer.Position = 0;
            return new Workbook(buffer, sheets, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw Refuse(Bilingual.Say($"工作簿在 {limits.Time.TotalSeconds:0} 秒内未能读完，请减少行数或去掉格式", $"the workbook could not be read within {limits.Time.TotalSeconds:0} seconds; fewer rows or less formatting"));
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The rows of <paramref name="sheet"/> under the template's <paramref name="columns"/> (a header cell may be the
    /// full header "编码(code)", the key "code" or the Chinese "编码"), numbered as Excel numbers them, blank rows left
    /// out. A missing required column or a cell that is not acceptable text is added to <paramref name="errors"/>.
    /// </summary>
    public List<(int Row, Dictionary<string, string?> Cells)> Table(
        string sheet, (string Key, string Header)[] columns, Func<string, bool> optional, List<InputError> errors)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(optional);
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<(int, Dictionary<string, string?>)>();
        if (!SheetNames.Contains(sheet))
        {
            return result;
        }

        _buffer.Position = 0;
        Dictionary<string, string>? map = null;
        var number = 0;
        try
        {
            foreach (IDictionary<string, object?> row in MiniExcel.Query(_buffer, useHeaderRow: false, sheetName: sheet))
            {
                _ct.ThrowIfCancellationRequested();
                number++;
                if (map is null)
                {
                    map = Headers(row, columns);
                    var missing = columns.Where(c => !map.ContainsValue(c.Key) && !optional(c.Key)).Select(c => c.Header).ToList();
                    if (missing.Count > 0)
                    {
                        errors.Add(new InputError("header", Bilingual.Say($"工作表 {sheet} 缺少列：{string.Join("、", missing)}", $"sheet '{sheet}' lacks columns: {string.Join(", ", missing)}"), sheet, 1, null));
                        return result;
                    }

                    continue;
                }

                var cells = columns.ToDictionary(c => c.Key, _ => (string?)null, StringComparer.Ordinal);
                var blank = true;
                foreach (var (letter, value) in row)
                {
                    if (map.TryGetValue(letter, out var key))
                    {
                        var text = value is DateTime dt ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
                        if (TextInput.Problem(key, text) is { } problem)
                        {
                            errors.Add(new InputError(key, problem, sheet, number, key));
                            text = null;
                        }

                        cells[key] = string.IsNullOrEmpty(text) ? null : text;
                        blank &= string.IsNullOrEmpty(text);
                    }
                }

                if (!blank)
                {
                    result.Add((number, cells));
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The checks above leave MiniExcel only well-formed, bounded parts; whatever it still cannot read is the
            // file's fault, not the node's.
            errors.Add(new InputError("file", Bilingual.Say($"工作表 {sheet} 第 {number + 1} 行无法读取，请用下载的模板填写", $"sheet '{sheet}' cannot be read at row {number + 1}; start from the template"), sheet, number + 1, null));
        }

        return result;
    }

    public void Dispose() => _buffer.Dispose();

    private static Dictionary<string, string> Headers(IDictionary<string, object?> row, (string Key, string Header)[] columns)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (letter, value) in row)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
            foreach (var (key, header) in columns)
            {
                var zh = header[..header.IndexOf('(', StringComparison.Ordinal)];
                if (text.Equals(header, StringComparison.OrdinalIgnoreCase) || text.Equals(key, StringComparison.OrdinalIgnoreCase) || text == zh)
                {
                    map[letter] = key;
                }
            }
        }

        return map;
    }

    private static WorkbookRefusedException Refuse(string message) => new(new InputError("file", message));

    private static string NotXlsx => Bilingual.Say("不是有效的 .xlsx 工作簿，请用下载的模板填写", "not a valid .xlsx workbook; start from the template");

    /// <summary>Every check before MiniExcel sees the file; the sheet names in order.</summary>
    private static List<string> Check(MemoryStream buffer, WorkbookLimits limits, CancellationToken ct)
    {
        buffer.Position = 0;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw Refuse(NotXlsx);
        }

        using (zip)
        {
            if (zip.Entries.Count > limits.MaxParts)
            {
                throw Refuse(Bilingual.Say($"工作簿含 {zip.Entries.Count} 个部件，超过 {limits.MaxParts} 个", $"the workbook has more than {limits.MaxParts} parts"));
            }

            var parts = zip.Entries.GroupBy(e => e.FullName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            if (!parts.ContainsKey("[Content_Types].xml") || !parts.TryGetValue("xl/workbook.xml", out var workbookPart))
            {
                throw Refuse(NotXlsx);
            }

            var budget = new Budget(limits.MaxInflatedBytes);

            // The workbook's sheets and where their parts are.
            var sheets = new List<(string Name, string RelId)>();
            Scan(workbookPart, budget, r =>
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet")
                {
                    sheets.Add((r.GetAttribute("name") ?? "", r.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships") ?? ""));
                }
            }, ct);
            var targets = new Dictionary<string, string>(StringComparer.Ordinal);
            if (parts.TryGetValue("xl/_rels/workbook.xml.rels", out var rels))
            {
                Scan(rels, budget, r =>
                {
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") is { } id && r.GetAttribute("Target") is { } target)
                    {
                        targets[id] = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                    }
                }, ct);
            }

            if (sheets.Count == 0)
            {
                throw Refuse(Bilingual.Say("工作簿中没有工作表", "the workbook has no sheets"));
            }

            if (sheets.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw Refuse(Bilingual.Say($"工作簿中有两个名为 {twice.Key} 的工作表，请只留一个", $"two sheets are named '{twice.Key}'; keep one"));
            }

            foreach (var (name, relId) in sheets)
            {
                if (!targets.TryGetValue(relId, out var path) || !parts.TryGetValue(path, out var sheetPart))
                {
                    throw Refuse(Bilingual.Say($"工作表 {name} 已列出但文件中没有它的内容，请在 Excel 中另存一次", $"sheet '{name}' is listed but its part is missing; save the file again in Excel"));
                }

                ScanSheet(name, sheetPart, limits, budget, ct);
            }

            // Every other part is read once too: well-formed and within the budget (shared strings, styles, …).
            var sheetPaths = sheets.Select(s => targets[s.RelId]).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var part in parts.Values.Where(p => p.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || p.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
            {
                if (!sheetPaths.Contains(part.FullName) && part != workbookPart && part != rels)
                {
                    Scan(part, budget, _ => { }, ct);
                }
            }

            return sheets.Select(s => s.Name).ToList();
        }
    }

    private static void ScanSheet(string name, ZipArchiveEntry part, WorkbookLimits limits, Budget budget, CancellationToken ct)
    {
        var cells = 0L;
        Scan(part, budget, r =>
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                return;
            }

            var (row, column) = r.LocalName switch
            {
                "dimension" => Extent(r.GetAttribute("ref")),
                "row" => (Number(r.GetAttribute("r")), 0),
                "c" => Cell(r.GetAttribute("r")),
                _ => (0, 0),
            };
            if (r.LocalName == "c" && ++cells > (long)limits.MaxRows * limits.MaxColumns)
            {
                throw Refuse(Bilingual.Say($"工作表 {name} 的单元格过多", $"sheet '{name}' has too many cells"));
            }

            if (row > limits.MaxRows + 1)
            {
                throw Refuse(Bilingual.Say($"工作表 {name} 到第 {row} 行，超过 {limits.MaxRows} 行：请分成几个文件，或删去末尾的空行", $"sheet '{name}' reaches row {row}, beyond {limits.MaxRows}; split it or delete trailing rows"));
            }

            if (column > limits.MaxColumns)
            {
                throw Refuse(Bilingual.Say($"工作表 {name} 到第 {column} 列，超过 {limits.MaxColumns} 列：请删去模板以外的列", $"sheet '{name}' reaches column {column}, beyond {limits.MaxColumns}; delete the columns the template does not have"));
            }
        }, ct);
    }

    /// <summary>The last row and column of a dimension like "A1:K120" (or "A1").</summary>
    private static (int Row, int Column) Extent(string? reference) =>
        reference is null ? (0, 0) : Cell(reference[(reference.IndexOf(':', StringComparison.Ordinal) + 1)..]);

    private static (int Row, int Column) Cell(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return (0, 0);
        }

        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = Math.Min(column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1), 1_000_000);
        }

        return (Number(reference[i..]), column);
    }

    private static int Number(string? text) =>
        int.TryParse(text?.TrimStart('$'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>Reads a part as XML to its end (no DTD, no external entities), counting every inflated byte against the budget.</summary>
    private static void Scan(ZipArchiveEntry part, Budget budget, Action<XmlReader> visit, CancellationToken ct)
    {
        try
        {
            using var stream = new CountingStream(part.Open(), budget, ct);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = true });
            while (reader.Read())
            {
                visit(reader);
            }
        }
        catch (XmlException e)
        {
            throw Refuse(Bilingual.Say($"{part.FullName} 不是完好的 XML（第 {e.LineNumber} 行）：文件已损坏或含不允许的字符，请在 Excel 中另存一次", $"{part.FullName} is not well-formed XML at line {e.LineNumber}: the file is damaged or holds characters XML does not allow; save it again in Excel"));
        }
        catch (InvalidDataException)
        {
            throw Refuse(Bilingual.Say($"{part.FullName} 无法解压：文件已损坏", $"{part.FullName} cannot be inflated; the file is damaged"));
        }
    }

    /// <summary>What is left of the inflated bytes a workbook may use.</summary>
    private sealed class Budget(long bytes)
    {
        public long Left { get; set; } = bytes;

        public long Total { get; } = bytes;
    }

    private sealed class CountingStream(Stream inner, Budget budget, CancellationToken ct) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ct.ThrowIfCancellationRequested();
            var n = inner.Read(buffer, offset, count);
            budget.Left -= n;
            if (budget.Left < 0)
            {
                throw Refuse(Bilingual.Say($"工作簿解压后超过 {budget.Total / 1024 / 1024} MB，不像是模板填写的文件", $"the workbook inflates to more than {budget.Total / 1024 / 1024} MB; that is not a filled-in template"));
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>How much of a workbook Sunlight reads: far above any filled-in template, far below what would hurt the node.</summary>
public sealed record WorkbookLimits(int MaxRows)
{
    public long MaxBytes { get; init; } = 20 * 1024 * 1024;

    public long MaxInflatedBytes { get; init; } = 200L * 1024 * 1024;

    public int MaxColumns { get; init; } = 64;

    public int MaxParts { get; init; } = 1_000;

    public TimeSpan Time { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>A workbook Sunlight will not read, and why (sheet, row and column where there are).</summary>
public sealed class WorkbookRefusedException : Exception
{
    public WorkbookRefusedException()
    {
    }

    public WorkbookRefusedException(string message)
        : base(message)
    {
        Error = new InputError("file", message);
    }

    public WorkbookRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new InputError("file", message);
    }

    public WorkbookRefusedException(InputError error)
        : base(error?.Message)
    {
        Error = error ?? new InputError("file", "");
    }

    public InputError Error { get; } = new("file", "");
}
