import type { Component } from 'svelte';

import AgentsPanel from './agents/AgentsPanel.svelte';
import GroupsPanel from './groups/GroupsPanel.svelte';
import PoliciesPanel from './policies/PoliciesPanel.svelte';
import RetentionPanel from './retention/RetentionPanel.svelte';
import SourcesPanel from './sources/SourcesPanel.svelte';

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
  { id: 'policies', label: 'Policies', component: PoliciesPanel },
  { id: 'sources', label: 'Sources', component: SourcesPanel },
  { id: 'agents', label: 'Agents', component: AgentsPanel },
];
