using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Sunlight.Server;

namespace Sunlight.Architecture.Tests;

/// <summary>
/// The module rules of docs/adr/0009-module-kit.md, checked on the built assemblies rather than by habit: a module
/// references Core only; it never touches Core's context or another module's store; its public types are its
/// manifest, its pages, its contracts and what those expose; every InternalsVisibleTo grant is used; every module has
/// its README. (Its tables stay inside its own schema or prefix: StorageTests checks that on both databases.)
/// </summary>
public sealed partial class ModuleRulesTests
{
    private static readonly Assembly Core = typeof(Sunlight.Core.CoreModule).Assembly;

    /// <summary>Module assemblies: the assemblies of the host's modules other than Core's areas.</summary>
    public static TheoryData<string> Modules => [.. ModuleAssemblies().Select(a => a.GetName().Name!)];

    private static List<Assembly> ModuleAssemblies() =>
        SunlightApp.Modules.Select(m => m.GetType().Assembly).Where(a => a != Core).Distinct().ToList();

    private static Assembly Named(string name) => ModuleAssemblies().Single(a => a.GetName().Name == name);

    /// <summary>Every assembly of this repository the host loads (Core, the modules, the host).</summary>
    private static IReadOnlyList<Assembly> Ours() => [Core, .. ModuleAssemblies(), typeof(SunlightApp).Assembly];

    [Fact]
    public void The_host_lists_at_least_one_module_of_its_own_assembly()
    {
        Assert.Contains("Sunlight.Services", Modules.Select(m => (string)m.Data));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_references_Core_and_no_other_project(string module)
    {
        var ours = Ours().Select(a => a.GetName().Name!).Append("Sunlight.Cli").ToHashSet(StringComparer.Ordinal);
        var wrong = Named(module).GetReferencedAssemblies().Select(r => r.Name!).Where(n => ours.Contains(n) && n != "Sunlight.Core").ToList();
        Assert.True(wrong.Count == 0,
            $"{module} references {string.Join(", ", wrong)}: a module depends on Sunlight.Core only; put what two modules share in Sunlight.Core.Contracts.<Module>.");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_never_uses_Cores_context_or_another_modules_store(string module)
    {
        var assembly = Named(module);
        var own = SunlightApp.Modules.Where(m => m.GetType().Assembly == assembly).SelectMany(m => m.Stores).Select(s => s.Context).ToHashSet();
        var forbidden = new HashSet<string>(StringComparer.Ordinal)
        {
            "Sunlight.Core.Storage.CoreDbContext", "Sunlight.Core.Storage.CoreSqliteDbContext", "Sunlight.Core.Storage.CorePostgresDbContext",
        };
        forbidden.UnionWith(SunlightApp.Modules.SelectMany(m => m.Stores).Select(s => s.Context).Where(c => !own.Contains(c)).Select(c => c.FullName!));
        var used = Metadata.ReferencedTypes(assembly.Location).Where(t => forbidden.Contains(t.FullName)).Select(t => t.FullName).Distinct().ToList();
        Assert.True(used.Count == 0,
            $"{module} uses {string.Join(", ", used)}: modules read Core through its doors (IDirectory, Units, AlertService …) and other modules through Sunlight.Core.Contracts.");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_modules_public_types_are_its_manifest_pages_contracts_and_what_they_expose(string module)
    {
        var assembly = Named(module);
        var manifests = SunlightApp.Modules.Where(m => m.GetType().Assembly == assembly).ToList();
        var roots = assembly.GetExportedTypes().Where(t =>
                manifests.Any(m => m.GetType() == t || m.Resources == t)
                || typeof(IComponent).IsAssignableFrom(t) || t.Name == "_Imports"
                || t.Namespace?.Split('.').Contains("Contracts") == true
                || typeof(Migration).IsAssignableFrom(t) || typeof(ModelSnapshot).IsAssignableFrom(t))
            .ToList();
        var allowed = Exposed(roots, assembly);
        var extra = assembly.GetExportedTypes().Where(t => !allowed.Contains(t)).Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.True(extra.Count == 0,
            $"{module} makes public what no page, contract or manifest exposes — make these internal: {string.Join(", ", extra)}");
    }

    [Fact]
    public void Every_InternalsVisibleTo_grant_names_a_project_that_uses_the_internals()
    {
        var problems = new List<string>();
        foreach (var assembly in Ours())
        {
            foreach (var friend in assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName))
            {
                var file = Metadata.Find(friend);
                if (file is null)
                {
                    problems.Add($"{assembly.GetName().Name} grants its internals to {friend}, which is no assembly built in this repository");
                }
                else if (!Metadata.UsesInternalsOf(file, assembly))
                {
                    problems.Add($"{assembly.GetName().Name} grants its internals to {friend}, which uses none of them");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_has_its_README_and_resources_in_both_languages(string module)
    {
        var folder = Path.Combine(Metadata.RepositoryRoot(), "src", module);
        Assert.True(File.Exists(Path.Combine(folder, "README.md")), $"{module} has no README.md: a module's README is its one true page (STYLE.md).");
        foreach (var manifest in SunlightApp.Modules.Where(m => m.GetType().Assembly == Named(module)))
        {
            Assert.True(manifest.Resources is not null, $"{manifest.Key} names no resources: its name, menu and pages need Chinese and English strings of its own.");
            Assert.True(File.Exists(Path.Combine(folder, "Resources", manifest.Resources!.Name + ".resx")) && File.Exists(Path.Combine(folder, "Resources", manifest.Resources.Name + ".en.resx")),
                $"{manifest.Key}: Resources/{manifest.Resources.Name}.resx and .en.resx are expected in {folder}");
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_has_its_test_project_with_its_access_matrix(string module)
    {
        var folder = Path.Combine(Metadata.RepositoryRoot(), "tests", module + ".Tests");
        Assert.True(Directory.Exists(folder), $"{module} has no tests/{module}.Tests: a module keeps its tests in its own project (ADR 9), listed in Sunlight.slnx.");
        var solution = File.ReadAllText(Path.Combine(Metadata.RepositoryRoot(), "Sunlight.slnx"));
        Assert.True(solution.Contains($"tests/{module}.Tests/{module}.Tests.csproj", StringComparison.Ordinal), $"tests/{module}.Tests is not in Sunlight.slnx, so './test.sh' would not run it.");
        var matrix = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(f => AccessMatrixClass().IsMatch(File.ReadAllText(f)));
        Assert.True(matrix, $"tests/{module}.Tests has no class deriving from Sunlight.Testing.AccessMatrix: every route and page of a module needs its row deciding who may use it.");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"class\s+\w+\s*\([^)]*\)\s*:\s*AccessMatrix\(")]
    private static partial System.Text.RegularExpressions.Regex AccessMatrixClass();

    /// <summary>The types <paramref name="roots"/> expose through their public and protected members, transitively, within <paramref name="assembly"/>.</summary>
    private static HashSet<Type> Exposed(IEnumerable<Type> roots, Assembly assembly)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var next in Signature(type).SelectMany(Flatten).Where(t => t.Assembly == assembly && t.IsVisible && !seen.Contains(t)))
            {
                queue.Enqueue(next);
            }
        }

        return seen;
    }

    private static IEnumerable<Type> Signature(Type type)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }

        foreach (var p in type.GetProperties(Visible))
        {
            yield return p.PropertyType;
        }

        foreach (var f in type.GetFields(Visible))
        {
            yield return f.FieldType;
        }

        foreach (var m in type.GetMethods(Visible).Cast<MethodBase>().Concat(type.GetConstructors(Visible)))
        {
            if (m is MethodInfo method)
            {
                yield return method.ReturnType;
            }

            foreach (var p in m.GetParameters())
            {
                yield return p.ParameterType;
            }
        }

        foreach (var nested in type.GetNestedTypes(BindingFlags.Public))
        {
            yield return nested;
        }
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Flatten(type.GetElementType()!))
            {
                yield return t;
            }

            yield break;
        }

        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return t;
            }

            yield return type.GetGenericTypeDefinition();
            yield break;
        }

        if (!type.IsGenericParameter)
        {
            yield return type;
        }
    }
}

/// <summary>Reads assemblies' metadata tables: which types an assembly references, and whether a friend uses another's internals.</summary>
internal static class Metadata
{
    public sealed record TypeRef(string Assembly, string FullName);

    /// <summary>Every type <paramref name="file"/> references in another assembly (nested types by their outer type's name + '+').</summary>
    public static IReadOnlyList<TypeRef> ReferencedTypes(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new List<TypeRef>();
        foreach (var handle in reader.TypeReferences)
        {
            if (Resolve(reader, handle) is { } t)
            {
                result.Add(t);
            }
        }

        return result;
    }

    private static TypeRef? Resolve(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        switch (type.ResolutionScope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name);
                var ns = reader.GetString(type.Namespace);
                return new TypeRef(assembly, ns.Length == 0 ? name : ns + "." + name);
            case HandleKind.TypeReference:
                return Resolve(reader, (TypeReferenceHandle)type.ResolutionScope) is { } outer ? outer with { FullName = outer.FullName + "+" + name } : null;
            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="friendFile"/> uses a type or member of <paramref name="target"/> that is not public.</summary>
    public static bool UsesInternalsOf(string friendFile, Assembly target)
    {
        var name = target.GetName().Name!;
        using var stream = File.OpenRead(friendFile);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var types = new Dictionary<TypeReferenceHandle, Type>();
        foreach (var handle in reader.TypeReferences)
        {
            if (Resolve(reader, handle) is { } t && t.Assembly == name && target.GetType(t.FullName) is { } resolved)
            {
                if (!resolved.IsVisible)
                {
                    return true;
                }

                types[handle] = resolved;
            }
        }

        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference && types.TryGetValue((TypeReferenceHandle)member.Parent, out var owner))
            {
                var memberName = reader.GetString(member.Name);
                var candidates = owner.GetMember(memberName, All);
                if (candidates.Length > 0 && candidates.All(c => !IsPublic(c)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsPublic(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily),
        EventInfo e => e.AddMethod?.IsPublic == true,
        Type t => t.IsVisible,
        _ => true,
    };

    /// <summary>The built assembly of a project of this repository, or null when there is no such project.</summary>
    public static string? Find(string assemblyName)
    {
        var root = RepositoryRoot();
        foreach (var folder in new[] { "src", "tests", "bench" })
        {
            var project = Path.Combine(root, folder, assemblyName);
            if (Directory.Exists(project))
            {
                var bin = Path.Combine(project, "bin");
                return Directory.Exists(bin)
                    ? Directory.GetFiles(bin, assemblyName + ".dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                    : throw new InvalidOperationException($"{assemblyName} is a project but is not built; build the solution first.");
            }
        }

        return null;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sunlight.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Sunlight.slnx not found above " + AppContext.BaseDirectory);
    }
}
