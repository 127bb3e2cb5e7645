using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Accounts;

/// <summary><c>sunlight accounts list|create|token|unlock|home</c>.</summary>
internal static class AccountCommands
{
    public static Command Build(ICommandNode node)
    {
        var list = new Command("list", "List accounts with their roles and jurisdiction.");
        list.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(ct))
            {
                var roles = await users.GetRolesAsync(user);
                Console.WriteLine($"{user.UserName,-28} {string.Join(",", roles),-16} region {user.RegionCode,-9} org {user.OrganisationCode ?? "-",-16} 2FA {(user.TwoFactorEnabled ? "on" : "off")}");
            }

            return 0;
        });

        var userArg = new Argument<string>("user") { Description = "User name." };
        var tokenName = new Option<string>("--name") { Description = "A label for the token.", DefaultValueFactory = _ => "CLI" };
        var days = new Option<int>("--days") { Description = "Days until it expires; 0 = never.", DefaultValueFactory = _ => 90 };
        var token = new Command("token", "Issue an API bearer token for a user; the token is printed alone on the last line.") { userArg, tokenName, days };
        token.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            var name = parse.GetValue(userArg)!;
            var user = await users.FindByNameAsync(name);
            if (user is null)
            {
                await Console.Error.WriteLineAsync($"没有用户 {name} (no such user: {name}). 用 'sunlight accounts list' 查看 (see 'sunlight accounts list').");
                return 2;
            }

            var d = parse.GetValue(days);
            if (d is < 0 or > 3650)
            {
                await Console.Error.WriteLineAsync("--days 须在 0 到 3650 之间 (--days must be between 0 and 3650).");
                return 2;
            }

            var issued = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(user, parse.GetValue(tokenName)!, d == 0 ? null : TimeSpan.FromDays(d), ct);
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync("token-created", user.UserName, null, "cli", issued.Token.Prefix, ct);
            Console.WriteLine($"# token for {user.UserName}, expires {(issued.Token.ExpiresAt is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "never")}; use as: Authorization: Bearer <token>");
            Console.WriteLine(issued.Secret);
            return 0;
        });

        var role = new Option<string>("--role") { Description = "One of " + string.Join(", ", SunlightRoles.All), Required = true };
        var region = new Option<string>("--region") { Description = "Region code of the jurisdiction, e.g. 370781.", Required = true };
        var organisation = new Option<string?>("--organisation") { Description = "Home organisation code (required for every role but Applicant; department roles see only its data)." };
        var password = new Option<string>("--password") { Description = "Initial password (10+ characters, upper, lower, digit, symbol).", Required = true };
        var create = new Command("create", "Create an account.") { userArg, role, region, organisation, password };
        create.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            try
            {
                var user = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(
                    parse.GetValue(userArg)!, parse.GetValue(password)!, parse.GetValue(role)!, parse.GetValue(region)!, parse.GetValue(organisation), null, ct);
                Console.WriteLine($"已创建 created {user.UserName}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });

        var unlock = new Command("unlock", "Clear a lockout after failed sign-ins.") { userArg };
        unlock.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SunlightUser>>();
            var user = await users.FindByNameAsync(parse.GetValue(userArg)!);
            if (user is null)
            {
                await Console.Error.WriteLineAsync($"没有用户 {parse.GetValue(userArg)} (no such user).");
                return 2;
            }

            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            Console.WriteLine($"已解锁 unlocked {user.UserName}");
            return 0;
        });

        var homeOrg = new Argument<string>("organisation") { Description = "Organisation code of the account's home organisation, e.g. 370781-jw." };
        var home = new Command("home", "Set an account's home organisation (every staff account has one; accounts created before it was required may lack it).") { userArg, homeOrg };
        home.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<AccountService>().SetHomeAsync(parse.GetValue(userArg)!, parse.GetValue(homeOrg)!, "cli", ct);
                Console.WriteLine($"已设置 set: {parse.GetValue(userArg)} → {parse.GetValue(homeOrg)}");
                return 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });

        return new Command("accounts", "Accounts and API tokens.") { list, create, token, unlock, home };
    }}
