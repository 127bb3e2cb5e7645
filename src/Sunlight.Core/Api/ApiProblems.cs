using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sunlight.Core.Directory.Contracts;

namespace Sunlight.Core.Api;

/// <summary>ProblemDetails with a stable <c>type</c> and a message a person can act on.</summary>
public static class ApiProblems
{
    public const string TypeBase = "https://sunlight.example/problems/";

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IReadOnlyList<InputError>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypeBase + type, Title = title, Detail = detail };
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>The status, default slug and title of each kind of refusal.</summary>
    public static (int Status, string Slug, string Title) Of(Refusal kind) => kind switch
    {
        Refusal.Forbidden => (403, "outside-jurisdiction", Bilingual.Say("超出管辖范围", "Outside your jurisdiction")),
        Refusal.NotFound => (404, "not-found", Bilingual.Say("未找到", "Not found")),
        Refusal.Conflict => (409, "state-conflict", Bilingual.Say("与当前状态冲突", "Conflict")),
        Refusal.TooLarge => (413, "too-large", Bilingual.Say("请求过大", "Request too large")),
        Refusal.Unsupported => (415, "unsupported-media-type", Bilingual.Say("不支持的请求格式", "Unsupported media type")),
        Refusal.Unprocessable => (422, "unprocessable", Bilingual.Say("无法按要求处理", "Cannot be carried out")),
        Refusal.TooMany => (429, "too-many-requests", Bilingual.Say("请求过于频繁", "Too many requests")),
        Refusal.Altered => (500, "attachment-altered", Bilingual.Say("存储的文件已被改动", "Stored file altered")),
        _ => (400, "invalid-input", Bilingual.Say("输入有误", "Invalid input")),
    };

    public static ProblemHttpResult From(InputException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (status, slug, title) = Of(e.Kind);
        return Problem(status, e.Slug ?? slug, title, e.Message, e.Errors);
    }

    /// <summary>
    /// The one place a refusal becomes an answer: an endpoint filter on <c>/api/v1</c> that turns an
    /// <see cref="InputException"/> thrown by a handler or the service behind it into its ProblemDetails.
    /// </summary>
    public static async ValueTask<object?> Catch(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (InputException e)
        {
            return From(e);
        }
    }

    public static ProblemHttpResult NoJurisdiction() =>
        Problem(403, "no-jurisdiction", Bilingual.Say("账号未配置管辖范围", "No jurisdiction"), Bilingual.Say("您的账号没有管辖区划，请联系管理员", "your account has no region; ask an administrator."));
}
