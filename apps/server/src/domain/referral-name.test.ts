import { expect, it } from "vitest";
import { referralName } from "./referral-name.js";

it.each([
  [{ FName: "Steve", MName: "N", LName: "Stevens", Title: "DDS" }, "Steve N Stevens, DDS"],
  [{ FName: "", MName: "", LName: "Bokish", Title: "" }, "Bokish"],
  [{ FName: "Ann", MName: "", LName: "Lee", Title: "" }, "Ann Lee"],
  [{ FName: "", MName: "", LName: "Lee", Title: "DMD" }, "Lee, DMD"],
])("builds Open Dental's referralName from %j", (parts, name) => {
  expect(referralName(parts)).toBe(name);
});
