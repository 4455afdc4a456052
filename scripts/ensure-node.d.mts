export const PROVISIONED_NODE: string;
export const MINIMUM_NODE: string;
export function isNodeRecentEnough(version?: string): boolean;
export function ensureNode(): string;
