import { chmod, mkdir } from 'node:fs/promises';

/** Files main writes are readable by their user only; their folders too (the data directory holds no secret, but its
 * profiles, inventory and audit log are the user's business). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Creates the data directory 0700, or narrows an existing one to it: Electron creates `userData` with the umask's
 * mode (usually 0755), and older versions of Vantage left it so.
 */
export async function makePrivateFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  await chmod(folder, PRIVATE_FOLDER_MODE);
}
