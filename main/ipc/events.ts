import type { Contract, PayloadOf } from '../../common/ipc';

export type EventListener<C extends Contract> = <K extends keyof C['events'] & string>(
  name: K,
  payload: PayloadOf<C['events'][K]>,
) => void;

/** Main's side of events: services publish, each transport forwards to its pages. */
export interface EventBus<C extends Contract> {
  publish<K extends keyof C['events'] & string>(name: K, payload: PayloadOf<C['events'][K]>): void;
  subscribe(listener: EventListener<C>): () => void;
}

export function createEventBus<C extends Contract>(): EventBus<C> {
  const listeners = new Set<EventListener<C>>();
  return {
    publish(name, payload) {
      for (const listener of listeners) {
        try {
          listener(name, payload);
        } catch (error) {
          // One broken window must not stop the others from hearing about it.
          console.error(`event ${name}: a listener failed`, error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
