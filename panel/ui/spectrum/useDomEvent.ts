import { useEffect, useRef, type RefObject } from 'react';

/**
 * Listens to a DOM event of an element through its ref: custom elements' events (UXP's widgets, Spectrum
 * Web Components) do not reach React's synthetic handlers. The latest handler runs; it is attached once.
 */
export function useDomEvent<E extends HTMLElement>(ref: RefObject<E>, type: string, handler: ((event: Event) => void) | undefined): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const listener = (event: Event): void => latest.current?.(event);
    element.addEventListener(type, listener);
    return () => element.removeEventListener(type, listener);
  }, [ref, type]);
}
