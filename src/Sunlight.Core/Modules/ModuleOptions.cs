using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sunlight.Core.Modules;

/// <summary>
/// A module's settings: one class bound from <c>Sunlight:&lt;Section&gt;</c>, checked when the node starts (a wrong value
/// stops it with the key named, rather than failing later), injected as <see cref="IOptions{TOptions}"/>. Every key is
/// documented in README (a test reads <see cref="Keys"/>).
/// </summary>
public sealed class ModuleOptions
{
    private readonly Action<IServiceCollection, IConfiguration> _register;

    private ModuleOptions(Type type, string section, IReadOnlyList<string> keys, Action<IServiceCollection, IConfiguration> register)
    {
        Type = type;
        Section = section;
        Keys = keys;
        _register = register;
    }

    public Type Type { get; }

    /// <summary>The section under <c>Sunlight:</c>, e.g. <c>Supervision</c>.</summary>
    public string Section { get; }

    /// <summary>Every configuration key these options read, e.g. <c>Sunlight:Supervision:DueIntervalSeconds</c>.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>
    /// Options of <typeparamref name="T"/> bound from <c>Sunlight:<paramref name="section"/></c> and validated at start by
    /// their data annotations and, when <typeparamref name="T"/> is an <see cref="IValidatableObject"/>, by it.
    /// </summary>
    public static ModuleOptions Of<T>(string section)
        where T : class
    {
        var keys = typeof(T).GetProperties().Where(p => p.CanWrite).Select(p => $"Sunlight:{section}:{p.Name}").ToList();
        return new(typeof(T), section, keys, (services, configuration) =>
            services.AddOptions<T>().Bind(configuration.GetSection($"Sunlight:{section}")).ValidateDataAnnotations().ValidateOnStart());
    }

    /// <summary>Options the module registers itself (a format the binder does not read), with the keys it documents.</summary>
    public static ModuleOptions Custom<T>(string section, IReadOnlyList<string> keys, Action<IServiceCollection, IConfiguration> register) =>
        new(typeof(T), section, keys, register);

    /// <summary>Registers, binds and validates the options (the host calls this for every module).</summary>
    public void Register(IServiceCollection services, IConfiguration configuration) => _register(services, configuration);

    /// <summary>The options as configured now, for the few decisions taken while services are registered (whether to run a timer).</summary>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection($"Sunlight:{section}").Get<T>() ?? new T();
    }
}
