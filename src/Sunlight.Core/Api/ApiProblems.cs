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

    public static ProblemHttpResult From(InputException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Status switch
        {
            _ when e.Slug is not null => Problem(e.Status, e.Slug, e.Status == 409 ? "与当前状态冲突 (Conflict)" : "输入有误 (Invalid input)", e.Message, e.Errors),
            429 => Problem(429, "too-many-requests", "请求过于频繁 (Too many requests)", e.Message),
            404 => Problem(404, "not-found", "未找到 (Not found)", e.Message),
            403 => Problem(403, "outside-jurisdiction", "超出管辖范围 (Outside your jurisdiction)", e.Message),
            409 => Problem(409, "duplicate-code", "编码重复 (Duplicate code)", e.Message, e.Errors),
            _ => Problem(e.Status, "invalid-input", "输入有误 (Invalid input)", e.Message, e.Errors),
        };
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
        Problem(403, "no-jurisdiction", "账号未配置管辖范围 (No jurisdiction)", "您的账号没有管辖区划，请联系管理员 (your account has no region; ask an administrator).");
}
