namespace Sunlight.Core.Modules;

/// <summary>What a host checks of its module list before it starts, and the order demo data is seeded in.</summary>
public static class ModuleList
{
    /// <summary>
    /// Refuses a list in which two modules share a key, a record prefix overlaps another module's, a policy is declared
    /// twice, a grant is declared twice or is named by a policy or menu entry but offered by no module, or a module's demo waits for a module that is not listed.
    /// </summary>
    public static void Validate(IReadOnlyList<ISunlightModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var problems = new List<string>();
        foreach (var key in modules.GroupBy(m => m.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"module key '{key.Key}' is used by {key.Count()} modules");
        }

        var prefixes = modules.SelectMany(m => m.RecordPrefixes.Select(p => (Module: m.Key, Prefix: p))).ToList();
        foreach (var a in prefixes)
        {
            if (!a.Prefix.EndsWith('.') || a.Prefix.Length < 2)
            {
                problems.Add($"record prefix '{a.Prefix}' of '{a.Module}' must be a word followed by a dot, e.g. 'trading.'");
            }

            foreach (var b in prefixes.Where(b => b.Module != a.Module && b.Prefix.StartsWith(a.Prefix, StringComparison.Ordinal)))
            {
                problems.Add($"record prefix '{b.Prefix}' of '{b.Module}' lies inside '{a.Prefix}' of '{a.Module}'");
            }
        }

        foreach (var policy in modules.SelectMany(m => m.Policies).GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"policy '{policy.Key}' is declared {policy.Count()} times");
        }

        var grants = modules.SelectMany(m => m.Grants.Select(g => $"{m.Key}.{g.Key}")).ToList();
        foreach (var grant in grants.GroupBy(g => g, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"grant '{grant.Key}' is declared {grant.Count()} times");
        }

        problems.AddRange(grants.Where(g => g.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
            .Select(g => $"grant '{g}' must be lower-case letters, digits and hyphens"));
        var known = grants.ToHashSet(StringComparer.Ordinal);
        problems.AddRange(modules.SelectMany(m => m.Policies).Where(p => p.Grant is not null && !known.Contains(p.Grant))
            .Select(p => $"policy '{p.Name}' admits grant '{p.Grant}', which no module offers"));
        problems.AddRange(modules.SelectMany(m => m.Navigation).Where(e => e.Grant is not null && !known.Contains(e.Grant))
            .Select(e => $"menu entry '{e.Href}' shows to grant '{e.Grant}', which no module offers"));

        var keys = modules.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var m in modules)
        {
            problems.AddRange(m.DemoAfter.Where(k => !keys.Contains(k)).Select(k => $"the demo of '{m.Key}' waits for '{k}', which is not in the module list"));
        }

        if (problems.Count == 0)
        {
            _ = DemoOrder(modules);
            return;
        }

        throw new InvalidOperationException("模块清单有误 (the module list is wrong): " + string.Join("; ", problems));
    }

    /// <summary>The modules in list order, except that each comes after the modules its demo waits for.</summary>
    public static IReadOnlyList<ISunlightModule> DemoOrder(IReadOnlyList<ISunlightModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var byKey = modules.ToDictionary(m => m.Key, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<ISunlightModule>();
        void Visit(ISunlightModule m)
        {
            if (done.Contains(m.Key))
            {
                return;
            }

            if (!visiting.Add(m.Key))
            {
                throw new InvalidOperationException($"模块演示数据的先后关系成环 (the demo order of the modules has a cycle through '{m.Key}')");
            }

            foreach (var key in m.DemoAfter)
            {
                if (byKey.TryGetValue(key, out var before))
                {
                    Visit(before);
                }
            }

            visiting.Remove(m.Key);
            done.Add(m.Key);
            order.Add(m);
        }

        foreach (var m in modules)
        {
            Visit(m);
        }

        return order;
    }
}
