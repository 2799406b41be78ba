import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes); about 50 ms a hash here.
// algorithm 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spent on an email with no account, so that a wrong email takes as long as a wrong password. */
let decoy: Promise<string> | null = null;
export async function spendDecoyVerify(password: string): Promise<void> {
  decoy ??= hashPassword('not a real password');
  await passwordMatches(await decoy, password);
}
