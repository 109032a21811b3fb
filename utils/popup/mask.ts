/**
 * Which form fields look sensitive, judged by the field's name, so that the popup can hide their
 * values (passwords, card numbers and codes, tokens, secrets, one-time codes, PINs, SSNs).
 */

// Word-ish matches on the normalised name: "cc" and "pin" only as whole parts, so that
// "accent" or "shipping" stay visible while "cc-number", "cc_exp" or "pin" are masked.
const SENSITIVE_PARTS = [
  'password',
  'passwd',
  'pwd',
  'passcode',
  'secret',
  'token',
  'otp',
  'cvc',
  'cvv',
  'csc',
  'ssn',
  'pin',
  'cc',
  'iban',
  'apikey',
];
const SENSITIVE_SUBSTRINGS = [
  'password',
  'passwd',
  'secret',
  'token',
  'cardnumber',
  'creditcard',
  'cardno',
  'securitycode',
  'cvc',
  'cvv',
  'socialsecurity',
  'onetimecode',
  'apikey',
  'privatekey',
];

/** Replaces any value shown for a masked field. */
export const MASK = '••••••••';

/** True when a field called `name` probably holds something that should not be shown on screen. */
export function isSensitiveField(name: string): boolean {
  const lower = name.toLowerCase();
  const compact = lower.replace(/[^a-z0-9]/g, '');
  if (SENSITIVE_SUBSTRINGS.some((s) => compact.includes(s))) return true;
  // Split "user[cc_number]", "card-cvc", "twoFactorOtp" into parts.
  const parts = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.some((p) => SENSITIVE_PARTS.includes(p))) return true;
  return parts.includes('card') && parts.some((p) => p === 'number' || p === 'num' || p === 'no' || p === 'code');
}

/** The value to display for a field: masked when the field looks sensitive (empty stays empty). */
export function displayValue(name: string, value: string): string {
  if (!isSensitiveField(name)) return value;
  return value === '' ? '' : MASK;
}
