import "server-only";
import bcrypt from "bcryptjs";

const COST = 11;
// Compared against when the email is unknown, so a wrong email costs as much time as a wrong password.
const DUMMY_HASH = "$2b$11$Sqcc.OYA3Nqc.MO84vqfB.axPYT5EM3ZdkDMIicfmriWskfJ8oEdm";

export function hashPassword(password: string) {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined) {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && Boolean(hash);
}
