/** The columns of `referral` that make up its display name. */
export interface ReferralNameParts {
  FName: string;
  MName: string;
  LName: string;
  Title: string;
}

/**
 * Open Dental's `referralName`: "FName MName LName, Title" with empty parts left out,
 * e.g. "Steve N Stevens, DDS", or "Bokish" for a referral with only an LName.
 */
export function referralName({ FName, MName, LName, Title }: ReferralNameParts): string {
  let name = "";
  if (FName) name += `${FName} `;
  if (MName) name += `${MName} `;
  name += LName;
  if (Title) name += `, ${Title}`;
  return name;
}

/**
 * How `referralName` finds an existing referral: its LName equals the name after Unicode
 * lowercasing (JavaScript's locale-independent `toLowerCase`), so "ümlaut1" finds "ÜMLAUT1";
 * accents, spaces and punctuation must match exactly. Both backends apply this same rule.
 */
export const referralNameKey = (name: string): string => name.toLowerCase();
