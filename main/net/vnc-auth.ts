import { createCipheriv } from 'node:crypto';

export const CHALLENGE_LENGTH = 16;

function reverseBits(byte: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) out |= ((byte >> i) & 1) << (7 - i);
  return out;
}

/**
 * VNC Authentication (RFC 6143 §7.2.2): the challenge encrypted with DES, keyed by the first 8 bytes of the
 * password (zero-padded) with each byte's bits reversed, as every VNC implementation does. Node's OpenSSL 3
 * has no single DES; two-key triple DES with both halves equal (E_k D_k E_k) is exactly single DES.
 * Shared by main's console bridge (the client side) and the lab's RFB server; checked against TigerVNC's Xvnc.
 */
export function vncAuthResponse(password: string, challenge: Uint8Array): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 8);
  for (let i = 0; i < key.length; i++) key[i] = reverseBits(key[i] ?? 0);
  const cipher = createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

/** VNC's fixed DES key for stored passwords. */
const PASSWORD_FILE_KEY = String.fromCharCode(23, 82, 107, 6, 35, 78, 88, 7);

/** A password as `vncpasswd -f` writes it (and Xvnc's -rfbauth / -PasswordFile read it): 8 bytes under the fixed key. */
export function vncPasswordFile(password: string): Buffer {
  const plain = Buffer.alloc(8);
  Buffer.from(password, 'utf8').copy(plain, 0, 0, 8);
  return vncAuthResponse(PASSWORD_FILE_KEY, plain);
}
