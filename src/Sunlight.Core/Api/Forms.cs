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
}
