// Enum names come from the spec (generated types); the integer codes are Open Dental's
// column values. `satisfies Record<Name, number>` makes a spec change that adds, drops or
// renames a name a compile error here.
import type { ReferralType, RefToStatus } from "@refattaches/api-types";

export const REFERRAL_TYPE_CODES = {
  RefTo: 0,
  RefFrom: 1,
  RefCustom: 2,
} as const satisfies Record<ReferralType, number>;

export const REF_TO_STATUS_CODES = {
  None: 0,
  Declined: 1,
  Scheduled: 2,
  Consulted: 3,
  InTreatment: 4,
  Complete: 5,
} as const satisfies Record<RefToStatus, number>;

/** patient.PatStatus; only Deleted changes what the API allows. */
export const PAT_STATUS = {
  Patient: 0,
  NonPatient: 1,
  Inactive: 2,
  Archived: 3,
  Deleted: 4,
  Deceased: 5,
  Prospective: 6,
} as const;

function invert<K extends string>(codes: Record<K, number>): (code: number) => K {
  const byCode = new Map<number, K>();
  for (const [name, code] of Object.entries(codes) as [K, number][]) byCode.set(code, name);
  return (code) => {
    const name = byCode.get(code);
    if (name === undefined) throw new Error(`Unknown enum code ${code} in the database`);
    return name;
  };
}

export const referralTypeName = invert(REFERRAL_TYPE_CODES);
export const refToStatusName = invert(REF_TO_STATUS_CODES);

/** Open Dental stores booleans as tinyint 0/1 and sends them as "true"/"false". */
export const boolString = (value: number): "true" | "false" => (value ? "true" : "false");
export const boolCode = (value: "true" | "false"): 0 | 1 => (value === "true" ? 1 : 0);
