using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Supervision;
using Sunlight.Server;

namespace Sunlight.Architecture.Tests;

/// <summary>
/// docs/rules.md is what users and auditors read: every rule the modules contribute has its row there with its code,
/// its severity and each parameter with its default, and the page lists no rule that does not run.
/// </summary>
public sealed partial class RulesDocumentTests
{
    [Fact]
    public void Every_rule_is_documented_with_its_severity_and_parameters_and_no_other_rule_is()
    {
        var rules = Rules();
        Assert.Contains(rules, r => r.Code == "SVC-OVERDUE");
        var rows = RowPattern().Matches(File.ReadAllText(Path.Combine(Metadata.RepositoryRoot(), "docs", "rules.md")))
            .ToDictionary(m => m.Groups["code"].Value, m => (Severity: m.Groups["severity"].Value, Parameters: m.Groups["parameters"].Value.Replace("\\|", "|", StringComparison.Ordinal)));
        Assert.Equal(rules.Select(r => r.Code).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var rule in rules)
        {
            var (severity, parameters) = rows[rule.Code];
            Assert.True(severity.Contains(rule.Severity, StringComparison.Ordinal), $"{rule.Code}: docs/rules.md says '{severity.Trim()}', the rule is {rule.Severity}");
            foreach (var p in rule.Parameters)
            {
                Assert.True(parameters.Contains($"`{p.Name}` ({p.Default})", StringComparison.Ordinal),
                    $"{rule.Code}: docs/rules.md should list `{p.Name}` ({p.Default}) among its parameters, it says '{parameters.Trim()}'");
            }
        }
    }

    /// <summary>The rules every module contributes, read from the host's own registrations.</summary>
    private static List<RuleDefinition> Rules()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sunlight:Supervision:DueIntervalSeconds"] = "0",
            ["Sunlight:Ledger:Background"] = "false",
        }).Build();
        var services = new ServiceCollection();
        foreach (var module in SunlightApp.Modules)
        {
            module.AddServices(services, configuration);
        }

        using var provider = services.BuildServiceProvider();
        return provider.GetServices<IRuleSource>().SelectMany(s => s.Rules).ToList();
    }

    /// <summary>A rule's row: | `CODE` | severity | trigger | condition | parameters | source |; a pipe inside a cell is written <c>\|</c>.</summary>
    [GeneratedRegex(@"^\| `(?<code>[A-Z][A-Z0-9-]+)` \| (?<severity>[^|]+) \| [^|]+ \| [^\n]+? \| (?<parameters>(?:[^|\\]|\\.)+) \| [^|\n]+ \|\s*$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();
}

/// <summary>Every setting a module reads is in README's configuration table, so an operator finds it without reading code.</summary>
public sealed class SettingsDocumentTests
{
    [Fact]
    public void Every_module_setting_is_documented_in_README()
    {
        var readme = File.ReadAllText(Path.Combine(Metadata.RepositoryRoot(), "README.md"));
        var keys = SunlightApp.Modules.SelectMany(m => m.Options).SelectMany(o => o.Keys).ToList();
        Assert.Contains("Sunlight:Supervision:DueIntervalSeconds", keys);
        var missing = keys.Where(k => !readme.Contains($"`{k}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"README.md's configuration table lacks {string.Join(", ", missing)}");
    }
}
