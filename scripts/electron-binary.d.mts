export class ElectronUnavailable extends Error {}
export function electronBinary(packageDir?: string, env?: NodeJS.ProcessEnv): string;
