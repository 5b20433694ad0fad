// What routes need from storage. Each backend (store/sqlite.ts, store/mysql.ts) provides it;
// the rules themselves live once, in store/refattaches.ts.
import type { RefAttach, RefAttachCreate, RefAttachUpdate } from "@refattaches/api-types";

export interface RefAttachFilter {
  PatNum?: number;
  ReferralNum?: number;
  /** Only rows changed strictly after this `yyyy-MM-dd HH:mm:ss`. */
  DateTStamp?: string;
  limit: number;
  offset: number;
}

export interface Store {
  listRefAttaches(filter: RefAttachFilter): Promise<RefAttach[]>;
  createRefAttach(input: RefAttachCreate): Promise<RefAttach>;
  updateRefAttach(refAttachNum: number, changes: RefAttachUpdate): Promise<RefAttach>;
  deleteRefAttach(refAttachNum: number): Promise<void>;
  close(): Promise<void>;
}
