import type { Component } from 'svelte';

import GroupsPanel from './groups/GroupsPanel.svelte';
import RetentionPanel from './retention/RetentionPanel.svelte';

/** One tab of the Protection view; each panel loads its own data when first shown. */
export interface ProtectionPanel {
  id: string;
  label: string;
  component: Component;
}

/** The Protection view's tabs, in order (IBM Cloud Backup and Recovery, seed 004). */
export const PROTECTION_PANELS: readonly ProtectionPanel[] = [
  { id: 'groups', label: 'Protection groups', component: GroupsPanel },
  { id: 'retention', label: 'Retention', component: RetentionPanel },
];
