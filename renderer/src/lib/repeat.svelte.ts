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

/** The time, re-read every `ms` while the component lives: for ages and durations that keep counting. */
export function tickingNow(ms = 1000): { readonly now: number } {
  let now = $state(Date.now());
  repeatWhile(
    () => true,
    ms,
    () => (now = Date.now()),
  );
  return {
    get now() {
      return now;
    },
  };
}
