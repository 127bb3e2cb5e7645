using System.Diagnostics.CodeAnalysis;

// The module's public surface (ADR 9): its manifest, and the types its pages expose — a Razor component is always
// public, so the types of its parameters must be too. Everything else in this assembly is internal; the architecture
// tests check that no other type is public.
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.ServicesModule", Justification = "The manifest: the host constructs it.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Cases.CaseView", Justification = "CaseDetail's View parameter.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Cases.CaseEventView", Justification = "Part of CaseView.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Cases.AttachmentView", Justification = "Part of CaseView.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Cases.EventProof", Justification = "CaseDetail's Proofs parameter.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Cases.CaseClock", Justification = "Part of CaseView.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Cases.StepDue", Justification = "Part of CaseClock.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Contracts.ItemDto", Justification = "CaseDetail's Item parameter.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Contracts.StepDto", Justification = "Part of ItemDto.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Contracts.FeeDto", Justification = "Part of ItemDto.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Contracts.PauseDto", Justification = "Part of ItemDto.")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Sunlight.Services.Contracts.TierDto", Justification = "Part of ItemDto.")]
