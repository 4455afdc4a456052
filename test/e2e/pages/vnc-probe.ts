import RFB from '@novnc/novnc';

// A bare noVNC client for tests: connects to /ws with the password in the page's hash and reports what happens.
interface Probe {
  state: 'connecting' | 'connected' | 'disconnected' | 'failed';
  desktopName?: string;
  reason?: string;
  rfb?: RFB;
}
const probe: Probe = { state: 'connecting' };
(window as unknown as { probe: Probe }).probe = probe;

const screen = document.getElementById('screen') as HTMLElement;
const password = decodeURIComponent(window.location.hash.slice(1));
const rfb = new RFB(screen, `ws://${window.location.host}/ws`, { credentials: { password } });
probe.rfb = rfb;
rfb.addEventListener('connect', () => (probe.state = 'connected'));
rfb.addEventListener(
  'desktopname',
  (e) => (probe.desktopName = (e as CustomEvent<{ name: string }>).detail.name),
);
rfb.addEventListener('securityfailure', (e) => {
  probe.state = 'failed';
  probe.reason = (e as CustomEvent<{ reason?: string }>).detail.reason;
});
rfb.addEventListener('disconnect', () => {
  if (probe.state !== 'failed') probe.state = 'disconnected';
});
