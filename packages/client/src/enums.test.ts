import { referralTypeValues, refToStatusValues } from "@refattaches/api-types";
import { describe, expect, test } from "vitest";
import { ReferralType, RefToStatus } from "./enums.js";

describe("ReferralType and RefToStatus", () => {
  test("hold exactly the spec's values, each under its own name", () => {
    expect(ReferralType.RefTo).toBe("RefTo");
    expect(RefToStatus.InTreatment).toBe("InTreatment");
    expect(Object.keys(ReferralType)).toEqual([...referralTypeValues]);
    expect(Object.values(ReferralType)).toEqual([...referralTypeValues]);
    expect(Object.keys(RefToStatus)).toEqual([...refToStatusValues]);
    expect(Object.values(RefToStatus)).toEqual([...refToStatusValues]);
  });

  test("cannot be changed at run time", () => {
    expect(Object.isFrozen(ReferralType)).toBe(true);
    expect(Object.isFrozen(RefToStatus)).toBe(true);
  });
});
