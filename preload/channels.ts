/** The only raw Electron IPC channels; every contract request goes through `request` with its name as argument. */
export const CHANNEL = {
  request: 'vantage:request',
  event: 'vantage:event',
  streamOpen: 'vantage:stream-open',
  streamPort: 'vantage:stream-port',
} as const;
