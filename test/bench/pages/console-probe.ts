import RFB from '@novnc/novnc';

// The direct path of the console benchmark: noVNC on a plain WebSocket-to-TCP bridge, as websockify serves it.
// The bench calls `connect` for every sample; noVNC authenticates itself (VNC Authentication in the page).
const screen = document.getElementById('screen') as HTMLElement;
let rfb: RFB | undefined;

(window as unknown as { probe: { connect(password: string): number } }).probe = {
  connect(password) {
    rfb?.disconnect();
    const started = performance.now();
    rfb = new RFB(screen, `ws://${window.location.host}/ws`, { credentials: { password }, shared: true });
    // Vantage's default scaling, so both paths draw the same way.
    rfb.scaleViewport = true;
    rfb.addEventListener('connect', () => rfb?.focus());
    return started;
  },
};
