import {
  type ReferralType as ReferralTypeValue,
  type RefToStatus as RefToStatusValue,
  referralTypeValues,
  refToStatusValues,
  type WatchTable as WatchTableValue,
  watchTableValues,
} from "@refattaches/api-types";

/** `{ RefTo: "RefTo", ... }`: each enum name maps to itself, as sent on the wire. */
export type EnumObject<Value extends string> = { readonly [Name in Value]: Name };

// The value lists are generated from the spec, so a new or renamed enum value reaches these
// constants (and their types) with the next `generate`, without editing this file.
function enumObject<Value extends string>(values: readonly Value[]): EnumObject<Value> {
  // Object.fromEntries loses the key-to-value link; every key is its own value by construction.
  return Object.freeze(
    Object.fromEntries(values.map((value) => [value, value])),
  ) as EnumObject<Value>;
}

/** ReferralType values, e.g. `ReferralType.RefTo`. */
export const ReferralType: EnumObject<ReferralTypeValue> = enumObject(referralTypeValues);
/** One of the spec's ReferralType values. */
export type ReferralType = ReferralTypeValue;

/** RefToStatus values, e.g. `RefToStatus.Scheduled`. */
export const RefToStatus: EnumObject<RefToStatusValue> = enumObject(refToStatusValues);
/** One of the spec's RefToStatus values. */
export type RefToStatus = RefToStatusValue;

/** WatchTable values of a subscription, e.g. `WatchTable.RefAttachDeleted`. */
export const WatchTable: EnumObject<WatchTableValue> = enumObject(watchTableValues);
/** One of the spec's WatchTable values. */
export type WatchTable = WatchTableValue;
