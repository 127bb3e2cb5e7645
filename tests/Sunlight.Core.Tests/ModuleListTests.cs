using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Modules;
using Xunit;

namespace Sunlight.Core.Tests;

/// <summary>A host refuses a module list that would collide, and seeds demo data after what each module waits for.</summary>
public sealed class ModuleListTests
{
    private sealed class Module(string key, string[]? prefixes = null, string[]? after = null, ModulePolicy[]? policies = null) : ISunlightModule
    {
        public string Key => key;

        public string DisplayNameKey => "Module_" + key;

        public IReadOnlyList<string> RecordPrefixes => prefixes ?? [];

        public IReadOnlyList<string> DemoAfter => after ?? [];

        public IReadOnlyList<ModulePolicy> Policies => policies ?? [];

        public void AddServices(IServiceCollection services, IConfiguration configuration)
        {
        }
    }

    [Fact]
    public void Demo_data_follows_what_each_module_waits_for_and_keeps_list_order_otherwise()
    {
        var order = ModuleList.DemoOrder([new Module("core"), new Module("accounts", after: ["directory"]), new Module("directory"), new Module("services", after: ["accounts"])]);
        Assert.Equal(["core", "directory", "accounts", "services"], order.Select(m => m.Key));
    }

    [Fact]
    public void Collisions_unknown_modules_and_cycles_are_refused_with_every_problem_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ModuleList.Validate(
        [
            new Module("trading", ["trading."], policies: [new("trading.run", ["TradingOperator"])]),
            new Module("trading"),
            new Module("funds", ["trading.funds."], after: ["portal"], policies: [new("trading.run", ["Admin"])]),
        ]));
        Assert.Contains("module key 'trading'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'trading.funds.' of 'funds' lies inside 'trading.'", e.Message, StringComparison.Ordinal);
        Assert.Contains("policy 'trading.run'", e.Message, StringComparison.Ordinal);
        Assert.Contains("waits for 'portal'", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ModuleList.Validate([new Module("a", after: ["b"]), new Module("b", after: ["a"])]));
    }
}
