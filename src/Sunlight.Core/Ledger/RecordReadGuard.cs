using Sunlight.Core.Accounts;

namespace Sunlight.Core.Ledger;

/// <summary>
/// Says whether a person may read a record's body beyond its region (an area whose records are not for every ledger
/// reader of the region registers one): <see cref="LedgerStatusService.RecordAsync"/> asks every guard.
/// </summary>
public interface IRecordReadGuard
{
    /// <summary>False when <paramref name="who"/> may not read the body of <paramref name="record"/>.</summary>
    bool MayRead(Jurisdiction who, LedgerRecord record);
}
