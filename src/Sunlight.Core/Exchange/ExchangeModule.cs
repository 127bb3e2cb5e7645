using System.CommandLine;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Modules;

namespace Sunlight.Core.Exchange;

/// <summary>
/// 交换接口 — one signed exchange for every feed a module registers (<see cref="IExchangeFeed"/>): systems scoped to
/// feeds, HMAC with a timestamp window, strict per-line decoding and one answer shape (CROSS-MODULE "One exchange,
/// many feeds").
/// </summary>
public sealed class ExchangeModule : ISunlightModule
{
    public string Key => "exchange";

    public string DisplayNameKey => "Module_Exchange";

    public IReadOnlyList<string> RecordPrefixes { get; } = ["exchange."];

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<ExchangeSystems>();

    public void MapEndpoints(IEndpointRouteBuilder api) => ExchangeEndpoints.Map(api);

    public IEnumerable<ModuleCommand> Commands(ICommandNode node) => [new(Systems(node))];

    private static Command Systems(ICommandNode node)
    {
        var id = new Argument<string>("id") { Description = "System id, e.g. qz-scjg-approval." };
        var organisation = new Option<string>("--organisation") { Description = "Organisation code the system belongs to, e.g. 370781-scjg.", Required = true };
        var feeds = new Option<string[]>("--feeds")
        {
            Description = "Feeds it may push to (default: those its organisation's kind may send), e.g. --feeds case-events.",
            AllowMultipleArgumentsPerToken = true,
        };
        var add = new Command("add", "Register a system for signed intake; the secret is printed alone on the last line (shown once).") { id, organisation, feeds };
        add.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            try
            {
                var created = await scope.ServiceProvider.GetRequiredService<ExchangeSystems>()
                    .AddAsync(null, parse.GetValue(id)!, parse.GetValue(organisation)!, parse.GetValue(feeds), ct);
                Console.WriteLine($"# system {created.Id} for {created.Organisation}, feeds {string.Join(", ", created.Feeds)}; sign requests with HMAC-SHA256(timestamp + \"\\n\" + body) under this secret:");
                Console.WriteLine(created.Secret);
                return 0;
            }
            catch (Api.InputException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });

        var rotate = new Command("rotate", "Replace a system's secret; the new one is printed alone on the last line.") { id };
        rotate.SetAction(async (parse, ct) =>
        {
            await using var session = await node.OpenAsync(CommandNodeOptions.Default, ct);
            await using var scope = session.Services.CreateAsyncScope();
            var rotated = await scope.ServiceProvider.GetRequiredService<ExchangeSystems>().RotateAsync(null, parse.GetValue(id)!, ct);
            if (rotated is null)
            {
                await Console.Error.WriteLineAsync(Bilingual.Say($"没有系统 {parse.GetValue(id)}", $"no such system."));
                return 2;
            }

            Console.WriteLine(rotated.Secret);
            return 0;
        });

        return new Command("systems", "Systems that push to the exchange (case events, OCDS, payments …).") { add, rotate };
    }
}
