// What routes need from storage. Each backend (store/sqlite.ts, store/mysql.ts) provides it;
// the rules themselves live once, in store/refattaches.ts and store/referrals.ts.
import type {
  BooleanString,
  RefAttach,
  RefAttachCreate,
  RefAttachUpdate,
  Referral,
  ReferralCreate,
  ReferralUpdate,
} from "@refattaches/api-types";

export interface RefAttachFilter {
  PatNum?: number;
  ReferralNum?: number;
  /** Only rows changed strictly after this `yyyy-MM-dd HH:mm:ss`. */
  DateTStamp?: string;
  limit: number;
  offset: number;
}

export interface ReferralFilter {
  IsHidden?: BooleanString;
  NotPerson?: BooleanString;
  IsDoctor?: BooleanString;
  /** Part of the BusinessName, ignoring case. */
  BusinessName?: string;
  limit: number;
  offset: number;
}

export interface Store {
  listRefAttaches(filter: RefAttachFilter): Promise<RefAttach[]>;
  createRefAttach(input: RefAttachCreate): Promise<RefAttach>;
  updateRefAttach(refAttachNum: number, changes: RefAttachUpdate): Promise<RefAttach>;
  deleteRefAttach(refAttachNum: number): Promise<void>;
  listReferrals(filter: ReferralFilter): Promise<Referral[]>;
  getReferral(referralNum: number): Promise<Referral>;
  createReferral(input: ReferralCreate): Promise<Referral>;
  updateReferral(referralNum: number, changes: ReferralUpdate): Promise<Referral>;
  close(): Promise<void>;
}
