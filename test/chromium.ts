/**
 * Debian's Chromium, as every test and benchmark launches it: no browser download, and the background services off
 * (on a machine without internet they would only fail to reach Google's hosts).
 */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
