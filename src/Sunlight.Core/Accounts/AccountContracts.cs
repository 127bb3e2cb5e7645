namespace Sunlight.Core.Accounts;

/// <summary>An account as administrators see it; <paramref name="PendingRole"/> is a role that waits for a second person's approval.</summary>
public sealed record AccountDto(
    string UserName, string DisplayName, IReadOnlyList<string> Roles, string Region, string RegionName,
    string? Organisation, bool TwoFactor, bool LockedOut, string? PendingRole = null);

/// <summary>What an administrator types to create an account.</summary>
public sealed record NewAccount(string? UserName, string? Password, string? Role, string? Region, string? Organisation, string? DisplayName);

/// <summary>Why an account could not be created: every problem, field by field (a refusal of invalid input).</summary>
public sealed class AccountException : Api.InputException
{
    public AccountException()
    {
    }

    public AccountException(string message)
        : base(message)
    {
    }

    public AccountException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AccountException(IReadOnlyList<(string Field, string Message)> errors)
        : base(Api.Refusal.Invalid, Bilingual.Say($"账号有 {errors?.Count} 处错误，未创建", $"{errors?.Count} error(s); the account was not created."),
            (errors ?? []).Select(e => new Directory.Contracts.InputError(e.Field, e.Message)).ToList())
    {
    }
}
