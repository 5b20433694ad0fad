// What a minimal server does for the hot path, written plainly: the two lookups (the patient,
// then the page) and the same JSON the real server answers. The reference servers use it;
// bench.ts checks their bytes equal the real server's before measuring anything.

export const PATIENT_SQL = "select PatStatus from patient where PatNum = ?";
const PAGE_QUERY =
  "select a.RefAttachNum, a.ReferralNum, a.PatNum, a.ItemOrder, a.RefDate, a.RefType, " +
  "a.RefToStatus, a.Note, a.IsTransitionOfCare, a.ProcNum, a.DateProcComplete, a.ProvNum, " +
  "a.DateTStamp, r.FName, r.MName, r.LName, r.Title from refattach a " +
  "left join referral r on r.ReferralNum = a.ReferralNum where a.PatNum = ? " +
  "order by a.RefAttachNum";

/** The page on MySQL/MariaDB, which takes only `?` after LIMIT and OFFSET (and as written usually). */
export const PAGE_SQL = `${PAGE_QUERY} limit ? offset ?`;

/**
 * The page on SQLite, written as the server writes it: SQLite prepares a statement with a bare
 * `LIMIT ?` again each time the parameter is bound, and `+?` avoids that (the server's
 * StoreDialect.boundLimitReprepares), so both pay the same for the same query.
 */
export const SQLITE_PAGE_SQL = `${PAGE_QUERY} limit +? offset +?`;

export const AUTH_HEADER = "ODFHIR demo-developer-key/demo-customer-key";
export const PAGE_SIZE = 100;
/** Open Dental's PatStatus code for a deleted patient. */
export const DELETED = 4;

const REF_TYPES = ["RefTo", "RefFrom", "RefCustom"];
const REF_TO_STATUS = ["None", "Declined", "Scheduled", "Consulted", "InTreatment", "Complete"];

export interface PageRow {
  RefAttachNum: number;
  ReferralNum: number;
  PatNum: number;
  ItemOrder: number;
  RefDate: string;
  RefType: number;
  RefToStatus: number;
  Note: string;
  IsTransitionOfCare: number;
  ProcNum: number;
  DateProcComplete: string;
  ProvNum: number;
  DateTStamp: string;
  FName: string | null;
  MName: string | null;
  LName: string | null;
  Title: string | null;
}

function name(row: PageRow): string {
  let text = "";
  if (row.FName) text += `${row.FName} `;
  if (row.MName) text += `${row.MName} `;
  text += row.LName ?? "";
  if (row.Title) text += `, ${row.Title}`;
  return text;
}

export function toJson(row: PageRow) {
  return {
    RefAttachNum: Number(row.RefAttachNum),
    ReferralNum: Number(row.ReferralNum),
    referralName: name(row),
    PatNum: Number(row.PatNum),
    ItemOrder: Number(row.ItemOrder),
    RefDate: row.RefDate,
    ReferralType: REF_TYPES[Number(row.RefType)],
    RefToStatus: REF_TO_STATUS[Number(row.RefToStatus)],
    Note: row.Note ?? "",
    IsTransitionOfCare: Number(row.IsTransitionOfCare) === 1 ? "true" : "false",
    ProcNum: Number(row.ProcNum),
    DateProcComplete: row.DateProcComplete,
    ProvNum: Number(row.ProvNum),
    DateTStamp: row.DateTStamp,
  };
}
