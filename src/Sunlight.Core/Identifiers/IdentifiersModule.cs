using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Api;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Identifiers;

/// <summary>证照号码校验 — GB 11643 citizen ID numbers and GB 32100 unified social credit codes.</summary>
public sealed class IdentifiersModule : ISunlightModule
{
    public string Key => "identifiers";

    public string DisplayNameKey => "Module_Identifiers";

    private const string RoutePrefix = "identifiers";

    public IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("identifiers", "Nav_Identifiers", "Badge", [], 41),
    ];

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        api.MapPost($"{RoutePrefix}/validate", Results<Ok<ValidationAnswer>, ProblemHttpResult> (ValidationRequest? request) =>
        {
            if (request is null || string.IsNullOrWhiteSpace(request.Kind))
            {
                return ApiProblems.Problem(400, "invalid-input", "缺少 kind (kind is required)",
                    "请求体应为 {\"kind\": \"id-card\" 或 \"credit-code\", \"value\": \"…\"} (body must name kind and value).");
            }

            var check = Validate(request.Kind, request.Value);
            return check is null
                ? ApiProblems.Problem(400, "unknown-kind", "未知的证照类型 (Unknown kind)",
                    $"kind \"{request.Kind}\" 无效，可选 id-card、credit-code (kind must be id-card or credit-code).")
                : TypedResults.Ok(new ValidationAnswer(check.Valid, check.Errors, check.Warnings, check.Normalized));
        }).AllowAnonymous().WithTags("Identifiers")
          .WithSummary("Checks a GB 11643 citizen ID number (id-card) or a GB 32100 unified social credit code (credit-code).");
    }

    /// <summary>Validates by kind name; null when the kind is unknown.</summary>
    public static IdentifierCheck? Validate(string kind, string? value) => kind.Trim().ToLowerInvariant() switch
    {
        "id-card" => CitizenId.Validate(value),
        "credit-code" => CreditCode.Validate(value),
        _ => null,
    };
}

public sealed record ValidationRequest(string? Kind, string? Value);

public sealed record ValidationAnswer(bool Valid, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, string? Normalized);
