using MiniExcelLibs;

namespace Sunlight.Core.Files;

/// <summary>Workbooks for the Excel templates and exports (directory, catalogue): rows by column header, sheets by name.</summary>
public static class Sheets
{
    /// <summary>One row: <paramref name="values"/> under the headers of <paramref name="columns"/>, in order.</summary>
    public static Dictionary<string, object> Row((string Key, string Header)[] columns, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        var row = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            row[columns[i].Header] = values[i];
        }

        return row;
    }

    /// <summary>An .xlsx of the given sheets (sheet name → rows).</summary>
    public static byte[] Save(Dictionary<string, object> sheets)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }
}
