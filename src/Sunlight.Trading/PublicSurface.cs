using System.Diagnostics.CodeAnalysis;

// The module's public surface (ADR 9): its manifest, and the types its pages expose. Everything else in this
// assembly is internal; the architecture tests check that no other type is public.
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Trading.TradingModule", Justification = "The manifest: the host constructs it.")]
