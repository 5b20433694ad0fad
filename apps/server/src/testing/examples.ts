import type { RefAttach } from "@refattaches/api-types";

/**
 * The row of Open Dental's documented `GET /refattaches?PatNum=25` response, as tests expect
 * the demo data to serve it (written out here, not read from the demo loader, so a change to
 * either is caught).
 */
export const DOCUMENTED_GET_EXAMPLE: RefAttach = {
  RefAttachNum: 1,
  ReferralNum: 3,
  referralName: "Steve N Stevens, DDS",
  PatNum: 25,
  ItemOrder: 0,
  RefDate: "2022-01-05",
  ReferralType: "RefFrom",
  RefToStatus: "None",
  Note: "",
  IsTransitionOfCare: "false",
  ProcNum: 0,
  DateProcComplete: "0001-01-01",
  ProvNum: 0,
  DateTStamp: "2022-01-05 10:13:12",
};
