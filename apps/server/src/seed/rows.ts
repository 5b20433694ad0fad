// Realistic, deterministic rows for the bulk loader: the same arguments give the same data,
// so benchmark runs on different machines read comparable databases.
import { NO_DATE } from "../domain/dates.js";
import { PAT_STATUS, REF_TO_STATUS_CODES, REFERRAL_TYPE_CODES } from "../domain/enums.js";
import { referralNameKey } from "../domain/referral-name.js";
import type { NewRefAttachRow } from "../store/schema.js";

const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "García",
  "Miller",
  "Davis",
  "Rodríguez",
  "Martínez",
  "Hernández",
  "López",
  "Müller",
  "Schmidt",
  "Nguyen",
  "Kim",
  "O'Brien",
  "Øster",
  "Dubois",
  "Łukasz",
  "Ivanova",
  "Rossi",
  "Papadopoulos",
  "Yamamoto",
  "Chen",
  "Patel",
];
const FIRST_NAMES = [
  "Ava",
  "Liam",
  "Olivia",
  "Noah",
  "Emma",
  "Mateo",
  "Sofía",
  "Lucas",
  "Zoë",
  "Amélie",
  "Jürgen",
  "Chloé",
  "Ethan",
  "Mia",
  "Hiro",
  "Priya",
  "Björn",
  "Nadia",
  "Omar",
  "Ingrid",
];
const TITLES = ["DDS", "DMD", "MD", "", ""];
const NOTES = ["", "", "", "Called to confirm.", "Patient prefers mornings.", "Sent X-rays."];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

const pad = (n: number) => String(n).padStart(2, "0");
/** `yyyy-MM-dd HH:mm:ss` for seconds since 2016-01-01, in UTC so no time zone shifts it. */
function stamp(seconds: number): string {
  const at = new Date(Date.UTC(2016, 0, 1) + seconds * 1000);
  return (
    `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`
  );
}
/** The seeded stamps run from 2016-01-01 over about nine years, in key order. */
const SPAN_SECONDS = 9 * 365 * 24 * 3600;

export function patientRow(PatNum: number) {
  return {
    PatNum,
    LName: pick(LAST_NAMES, PatNum * 7),
    FName: pick(FIRST_NAMES, PatNum * 3),
    PatStatus: PAT_STATUS.Patient,
  };
}

/** Referral LNames are unique, so a find-or-create by name finds exactly one. */
export function referralRow(ReferralNum: number, index: number) {
  const base = pick(LAST_NAMES, index);
  const round = Math.floor(index / LAST_NAMES.length);
  const LName = round === 0 ? base : `${base} ${round}`;
  const person = index % 4 !== 0;
  return {
    row: {
      ReferralNum,
      LName,
      FName: person ? pick(FIRST_NAMES, index) : "",
      MName: "",
      Title: person ? pick(TITLES, index) : "",
      IsHidden: 0,
      NotPerson: person ? 0 : 1,
      IsDoctor: person ? 1 : 0,
      PatNum: 0,
      Specialty: 0,
      BusinessName: person ? "" : `${LName} Clinic`,
      DateTStamp: stamp(index * 60),
    },
    LNameKey: referralNameKey(LName),
  };
}

export interface RefAttachLayout {
  /** How many refattaches in all. */
  count: number;
  firstRefAttachNum: number;
  /** The patients that get refattaches, PatNum first..first+count-1. */
  firstPatNum: number;
  patients: number;
  firstReferralNum: number;
  referrals: number;
  providers: readonly number[];
}

/**
 * The i-th refattach. Rows go round the patients (patient p gets its j-th row in round j),
 * so a patient's rows are spread through the table as they are in a years-old database,
 * and each of a patient's rows names a different referral.
 */
export function refAttachRow(layout: RefAttachLayout, i: number): NewRefAttachRow {
  const p = i % layout.patients;
  const j = Math.floor(i / layout.patients);
  const RefType = (p + j) % 3;
  const refTo = RefType === REFERRAL_TYPE_CODES.RefTo;
  const seconds = Math.floor((i / layout.count) * SPAN_SECONDS);
  const refDate = stamp(seconds).slice(0, 10);
  return {
    RefAttachNum: layout.firstRefAttachNum + i,
    ReferralNum: layout.firstReferralNum + ((p * 7919 + j * 131) % layout.referrals),
    PatNum: layout.firstPatNum + p,
    ItemOrder: j,
    RefDate: refDate,
    RefType,
    RefToStatus: refTo && i % 2 === 0 ? REF_TO_STATUS_CODES.Complete : REF_TO_STATUS_CODES.None,
    Note: pick(NOTES, i),
    IsTransitionOfCare: i % 10 === 0 ? 1 : 0,
    ProcNum: 0,
    DateProcComplete: NO_DATE,
    // Only a referral out (RefTo) names the provider who referred.
    ProvNum: refTo ? pick(layout.providers, i) : 0,
    DateTStamp: stamp(seconds),
  };
}

/** Enough referrals that no patient needs the same one twice (131 is coprime with them). */
export function referralCount(patients: number, perPatient: number): number {
  let count = Math.max(50, Math.ceil(patients / 100), perPatient + 1);
  while (count % 131 === 0) count += 1;
  return count;
}
