using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sunlight.Core.Api;

namespace Sunlight.Core.Identifiers;

/// <summary>证照号码校验 — <c>/api/v1/identifiers</c>: GB 11643 citizen ID numbers and GB 32100 credit codes (public).</summary>
internal static class IdentifierEndpoints
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGroup("identifiers").WithTags("Identifiers").MapPost("validate", Validate).AllowAnonymous()
            .WithSummary("Checks a GB 11643 citizen ID number (id-card) or a GB 32100 unified social credit code (credit-code).");

    private static Ok<ValidationAnswer> Validate(ValidationRequest? request)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Kind))
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say("请求体应为 {\"kind\": \"id-card\" 或 \"credit-code\", \"value\": \"…\"}", "body must name kind and value."));
        }

        var check = IdentifiersModule.Validate(request.Kind, request.Value)
            ?? throw new InputException(Refusal.Invalid, Bilingual.Say($"kind \"{request.Kind}\" 无效，可选 id-card、credit-code", $"kind must be id-card or credit-code.")) { Slug = "unknown-kind" };
        return TypedResults.Ok(new ValidationAnswer(check.Valid, check.Errors, check.Warnings, check.Normalized));
    }
}
