// Kysely's view of the database: Open Dental's own table and column names, with the columns
// this API uses. Enum columns hold Open Dental's integer codes (see domain/enums.ts), dates
// are `yyyy-MM-dd` strings and DateTStamp a `yyyy-MM-dd HH:mm:ss` local-time string.
import type { Generated, Insertable } from "kysely";

export interface RefAttachTable {
  RefAttachNum: Generated<number>;
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
}

export interface ReferralTable {
  ReferralNum: Generated<number>;
  LName: string;
  FName: string;
  MName: string;
  Title: string;
  IsHidden: number;
  NotPerson: number;
  IsDoctor: number;
  PatNum: number;
  Specialty: number;
  BusinessName: string;
  DateTStamp: string;
}

export interface PatientTable {
  PatNum: Generated<number>;
  LName: string;
  FName: string;
  PatStatus: number;
}

export interface ProviderTable {
  ProvNum: Generated<number>;
  Abbr: string;
  LName: string;
  FName: string;
}

export interface ProcedureLogTable {
  ProcNum: Generated<number>;
  PatNum: number;
}

export interface Database {
  refattach: RefAttachTable;
  referral: ReferralTable;
  patient: PatientTable;
  provider: ProviderTable;
  procedurelog: ProcedureLogTable;
}

export type NewRefAttachRow = Insertable<RefAttachTable>;
export type NewReferralRow = Insertable<ReferralTable>;

/** SQLite only: the referral name lookup key the store keeps beside LName (sqlite/migrations.ts). */
export type SqliteReferralNameKey = {
  referral: { LNameKey: string | null };
};
