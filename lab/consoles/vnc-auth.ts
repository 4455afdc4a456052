import { timingSafeEqual } from 'node:crypto';

import { vncAuthResponse } from '../../main/net/vnc-auth';

// The DES routine lives with the client side in main (the console bridge authenticates for the page); the lab's
// server checks responses with the very same code, which the interop test holds against TigerVNC.
export { CHALLENGE_LENGTH, vncAuthResponse, vncPasswordFile } from '../../main/net/vnc-auth';

export function vncAuthMatches(password: string, challenge: Buffer, response: Buffer): boolean {
  const expected = vncAuthResponse(password, challenge);
  return response.length === expected.length && timingSafeEqual(response, expected);
}
