import '@testing-library/jest-dom/vitest';

// jsdom has no modal dialogs; give <dialog> the open/close behaviour the app relies on.
if (
  !('showModal' in HTMLDialogElement.prototype) ||
  typeof HTMLDialogElement.prototype.showModal !== 'function'
) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}

// jsdom measures nothing; the shared table only needs the observer to exist.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
