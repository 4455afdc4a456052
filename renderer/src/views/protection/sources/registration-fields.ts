/** What the registration dialog gives back: a physical host and the data-source connection it is reached through. */
export interface RegistrationFields {
  name?: string;
  endpoint: string;
  hostType: 'kLinux' | 'kWindows';
  connectionId: string;
}
