import { spawnSync } from 'node:child_process';

/**
 * The accounts Vantage keeps in the test's private keychain (service `dev.vantage.console`) that start with
 * `prefix`, read with `secret-tool` as a person would check: `profile:<id>` secrets, `console:<machine>` passwords.
 */
export function keychainAccounts(prefix: string): string[] {
  const search = spawnSync('secret-tool', ['search', '--all', 'service', 'dev.vantage.console'], {
    encoding: 'utf8',
  });
  return [...`${search.stdout}${search.stderr}`.matchAll(/^attribute\.username = (.+)$/gm)]
    .map((match) => match[1] ?? '')
    .filter((account) => account.startsWith(prefix));
}
