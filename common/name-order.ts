/**
 * The order of names in every table: natural ("vm-9" before "vm-10"), case- and accent-insensitive. Main lists the
 * protection groups in it, so that the page finds them already in its first order.
 */
export const nameCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
