/**
 * Calls `work` every `ms` while `active()` holds (re-evaluated as its state changes), and stops with the component.
 * Call it while a component initialises: a view re-reading while something changes, or a clock ticking.
 */
export function repeatWhile(active: () => boolean, ms: number, work: () => void): void {
  $effect(() => {
    if (!active()) return;
    const timer = setInterval(work, ms);
    return () => clearInterval(timer);
  });
}
