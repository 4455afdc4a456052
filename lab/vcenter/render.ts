import type { VmRecord } from './data';
import type { Flavour } from './flavour';
import type { Simulation } from './simulation';
import { inaccessible, toolsNotRunning } from './state';

/** The bodies of the VM read operations (`VcenterVMSummary`, `VcenterVMInfo`, guest identity, tools). */

const GIB = 1024 ** 3;

/** `VcenterVMSummary`: cpu_count and memory_size_MiB are unset when the configuration cannot be read. */
export function vmSummary(sim: Simulation, index: number): Record<string, unknown> {
  const vm = sim.inventory.vms[index] as VmRecord;
  const summary: Record<string, unknown> = { vm: vm.id, name: vm.name, power_state: sim.state.power(index) };
  if (vm.special === 'inaccessible') return summary;
  summary.cpu_count = vm.cpu;
  summary.memory_size_MiB = vm.memoryMiB;
  return summary;
}

/** Details that nothing filters on, drawn from the machine's own stream only when it is read. */
function details(sim: Simulation, vm: VmRecord): { biosUuid: string; instanceUuid: string; mac: string } {
  const rng = sim.details.fork(vm.id);
  return { biosUuid: `42${rng.uuid().slice(2)}`, instanceUuid: `50${rng.uuid().slice(2)}`, mac: rng.mac() };
}

/** Machines whose guest names no primary address in guest identity (multi-homed guests; a guess, README). */
export function withoutPrimaryAddress(vm: VmRecord, index: number): boolean {
  return vm.special === undefined && index % 10 === 9;
}

/** The MAC of the machine's only network card, the same in VM info and guest networking. */
export const guestMac = (sim: Simulation, vm: VmRecord): string => details(sim, vm).mac;

/** `VcenterVMInfo`; the device maps are objects in /api and `{key, value}` lists in /rest. */
export function vmInfo(sim: Simulation, index: number, flavour: Flavour): Record<string, unknown> {
  const vm = sim.inventory.vms[index] as VmRecord;
  if (vm.special === 'inaccessible') throw inaccessible(vm);
  const power = sim.state.power(index);
  const windows = vm.os.family === 'WINDOWS';
  const site = sim.inventory.datacenters[vm.datacenter]?.short ?? 'lab';
  const { biosUuid, instanceUuid, mac } = details(sim, vm);
  const map = (entries: Record<string, unknown>): unknown => flavour.map(entries);
  const bootCommon = { delay: 0, retry: false, retry_delay: 10_000, enter_setup_mode: false };
  return {
    name: vm.name,
    guest_OS: vm.os.id,
    identity: { name: vm.name, bios_uuid: biosUuid, instance_uuid: instanceUuid },
    power_state: power,
    instant_clone_frozen: false,
    hardware: { version: windows ? 'VMX_19' : 'VMX_15', upgrade_policy: 'NEVER', upgrade_status: 'NONE' },
    boot: windows
      ? { type: 'EFI', efi_legacy_boot: false, network_protocol: 'IPV4', ...bootCommon }
      : { type: 'BIOS', ...bootCommon },
    boot_devices: [],
    cpu: {
      count: vm.cpu,
      cores_per_socket: vm.coresPerSocket,
      hot_add_enabled: false,
      hot_remove_enabled: false,
    },
    memory: { size_MiB: vm.memoryMiB, hot_add_enabled: false },
    disks: map({
      '2000': {
        label: 'Hard disk 1',
        type: 'SCSI',
        scsi: { bus: 0, unit: 0 },
        backing: { type: 'VMDK_FILE', vmdk_file: `[ds-${site}-01] ${vm.name}/${vm.name}.vmdk` },
        capacity: vm.diskGiB * GIB,
      },
    }),
    nics: map({
      '4000': {
        label: 'Network adapter 1',
        type: windows ? 'E1000E' : 'VMXNET3',
        // Only VMXNET3 cards carry it (VMware's bindings, the 7.0.3 OpenAPI): strict clients refuse it elsewhere.
        ...(windows ? {} : { upt_compatibility_enabled: true }),
        mac_type: 'ASSIGNED',
        mac_address: mac,
        pci_slot_number: 192,
        wake_on_lan_enabled: false,
        backing: {
          type: 'STANDARD_PORTGROUP',
          network: `network-${100 + vm.datacenter}`,
          network_name: 'VM Network',
        },
        state: power === 'POWERED_ON' ? 'CONNECTED' : 'NOT_CONNECTED',
        start_connected: true,
        allow_guest_control: true,
      },
    }),
    cdroms: map({
      '3000': {
        type: 'SATA',
        label: 'CD/DVD drive 1',
        sata: { bus: 0, unit: 0 },
        backing: { type: 'CLIENT_DEVICE', device_access_type: 'EMULATION' },
        state: 'NOT_CONNECTED',
        start_connected: false,
        allow_guest_control: true,
      },
    }),
    floppies: map({}),
    parallel_ports: map({}),
    serial_ports: map({}),
    sata_adapters: map({
      '15000': { label: 'SATA controller 0', type: 'AHCI', bus: 0, pci_slot_number: 32 },
    }),
    scsi_adapters: map({
      '1000': {
        label: 'SCSI controller 0',
        type: windows ? 'LSILOGICSAS' : 'PVSCSI',
        scsi: { bus: 0, unit: 7 },
        pci_slot_number: 160,
        sharing: 'NONE',
      },
    }),
    nvme_adapters: map({}),
  };
}

/** `VcenterVmGuestIdentityInfo`: only VMware Tools can tell, so it needs them running (503 otherwise). */
export function guestIdentity(sim: Simulation, index: number): Record<string, unknown> {
  const vm = sim.inventory.vms[index] as VmRecord;
  if (!sim.state.toolsRunning(index)) throw toolsNotRunning(vm);
  return {
    name: vm.os.id,
    family: vm.os.family,
    full_name: { args: [], default_message: vm.os.fullName, id: `vmsg.guestos.${vm.os.vimId}.label` },
    host_name: vm.name,
    // A multi-homed guest names no primary address: its addresses are only in guest networking.
    ...(withoutPrimaryAddress(vm, index) ? {} : { ip_address: vm.ip }),
  };
}

const TOOLS_VERSIONS = {
  current: { version: '12.1.5', version_number: 12325, version_status: 'CURRENT' },
  old: { version: '9.10.5', version_number: 9541, version_status: 'TOO_OLD_UNSUPPORTED' },
} as const;

/** `VcenterVmToolsInfo`. */
export function toolsInfo(sim: Simulation, index: number): Record<string, unknown> {
  const vm = sim.inventory.vms[index] as VmRecord;
  const windows = vm.os.family === 'WINDOWS';
  const common = {
    auto_update_supported: windows,
    install_attempt_count: 0,
    upgrade_policy: 'MANUAL',
    run_state: sim.state.toolsRunning(index) ? 'RUNNING' : 'NOT_RUNNING',
  };
  if (vm.tools === 'none') return { ...common, version_status: 'NOT_INSTALLED' };
  return { ...common, ...TOOLS_VERSIONS[vm.tools], install_type: windows ? 'MSI' : 'OPEN_VM_TOOLS' };
}
