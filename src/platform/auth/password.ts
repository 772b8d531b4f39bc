// Passwords: argon2id hashes (the parameters travel inside each hash, so stronger ones later
// still verify older hashes), and the rules a new password must meet.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP's recommended minimum for argon2id: 19 MiB, 2 passes, 1 lane.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, options);

/** Whether `password` matches `stored`; a malformed stored hash matches nothing. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Verified against when there is no account or no password, so that a wrong address takes as
 * long to refuse as a wrong password and does not tell which it was.
 */
let decoy: Promise<string> | undefined;
export async function spendVerifying(password: string) {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await passwordMatches(await decoy, password);
}

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

/** What is wrong with a new password, in the words a person is shown; null if nothing. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0]!))
    return 'Password must not contain your email address';
  return null;
}

/** A password for someone else to be given once and change at first sign-in. */
export const temporaryPassword = () => randomBytes(15).toString('base64url');
