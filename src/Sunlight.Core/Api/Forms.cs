using Microsoft.AspNetCore.Http;

namespace Sunlight.Core.Api;

/// <summary>Reading an upload's form: a body cut short or malformed is the caller's mistake (400), not the node's.</summary>
public static class Forms
{
    /// <summary>
    /// The request's form; a truncated or malformed multipart body becomes a <see cref="BadHttpRequestException"/>,
    /// which the host answers with 400 <c>malformed-body</c>. Only the form's reading is judged so: an I/O failure of the
    /// node's own (a full disk) stays a 500.
    /// </summary>
    public static async Task<IFormCollection> ReadFormOrRefuseAsync(this HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await request.ReadFormAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !ct.IsCancellationRequested)
        {
            throw new BadHttpRequestException("malformed multipart body", StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>
    /// The workbook or file an import posts as <c>multipart/form-data</c> in the field <paramref name="field"/>, or the
    /// problem to answer instead (415 not a form, 400 no such file field). Every Excel import of every module uses it.
    /// </summary>
    public static async Task<(IFormFile? File, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> ReadUploadAsync(this HttpRequest request, CancellationToken ct, string field = "file")
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            return (null, ApiProblems.Problem(415, "form-expected", Bilingual.Say("需要表单", "Form expected"), Bilingual.Say($"请以 multipart/form-data 上传，文件字段名为 {field}", $"upload the file as multipart/form-data, field '{field}'.")));
        }

        var form = await request.ReadFormOrRefuseAsync(ct).ConfigureAwait(false);
        return form.Files[field] is { } file
            ? (file, null)
            : (null, ApiProblems.Problem(400, "file-missing", Bilingual.Say("缺少文件", "File missing"), Bilingual.Say($"表单中没有名为 {field} 的文件", $"no file field named '{field}'.")));
    }

    /// <summary>
    /// The request body, read to at most <paramref name="maxBytes"/> whatever the client declared (a chunked body has no
    /// length); null when it is longer, so the caller answers 413 having stored nothing.
    /// </summary>
    public static async Task<byte[]?> ReadBodyAsync(this HttpRequest request, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
