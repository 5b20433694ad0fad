import { referralTypeValues, refToStatusValues, watchTableValues } from "@refattaches/api-types";
import { describe, expect, test } from "vitest";
import { ReferralType, RefToStatus, WatchTable } from "./enums.js";

describe("ReferralType, RefToStatus and WatchTable", () => {
  test("hold exactly the spec's values, each under its own name", () => {
    expect(ReferralType.RefTo).toBe("RefTo");
    expect(RefToStatus.InTreatment).toBe("InTreatment");
    expect(Object.keys(ReferralType)).toEqual([...referralTypeValues]);
    expect(Object.values(ReferralType)).toEqual([...referralTypeValues]);
    expect(Object.keys(RefToStatus)).toEqual([...refToStatusValues]);
    expect(Object.values(RefToStatus)).toEqual([...refToStatusValues]);
    expect(WatchTable.RefAttachDeleted).toBe("RefAttachDeleted");
    expect(Object.keys(WatchTable)).toEqual([...watchTableValues]);
    expect(Object.values(WatchTable)).toEqual([...watchTableValues]);
  });

  test("cannot be changed at run time", () => {
    expect(Object.isFrozen(ReferralType)).toBe(true);
    expect(Object.isFrozen(RefToStatus)).toBe(true);
    expect(Object.isFrozen(WatchTable)).toBe(true);
  });
});
