import { SvelteMap } from 'svelte/reactivity';
import type { RegistrySnapshot, SwipePageDto } from '@clinicwall/contract';
import { fetchRegistry } from '../registry.ts';
import { describeApiError } from '../http/apiCall.ts';
import { fetchUnmappedSwipes, putTerminalCamera } from '../swipes/api.ts';
import { RegistryNames } from '../swipes/names.ts';

export type SaveState = { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };
export type Phase = 'idle' | 'loading' | 'ready' | 'error';

const UNMAPPED_PAGE = 50;

/**
 * /admin/terminals: the registry's terminals with their camera, changed one at a time, and the
 * swipes that reached no camera. The admin's session authorises both (mappings.edit); another role
 * gets 403 and sees the error.
 */
export class TerminalAdmin {
  registry = $state.raw<RegistrySnapshot | null>(null);
  registryPhase = $state<Phase>('loading');
  registryError = $state<string | null>(null);
  saves = new SvelteMap<string, SaveState>();
  unmapped = $state.raw<SwipePageDto | null>(null);
  unmappedPhase = $state<Phase>('idle');
  unmappedError = $state<string | null>(null);
  names = $derived(new RegistryNames(this.registry));

  #unmappedAbort: AbortController | null = null;

  async loadRegistry(): Promise<void> {
    this.registryPhase = 'loading';
    try {
      this.registry = await fetchRegistry();
      this.registryPhase = 'ready';
      this.registryError = null;
    } catch (error) {
      this.registryPhase = 'error';
      this.registryError = describeApiError(error);
    }
  }

  /** Saves one terminal's camera; false when it was not saved (the select should show the old one). */
  async setCamera(terminalId: string, cameraId: string | null): Promise<boolean> {
    this.saves.set(terminalId, { state: 'saving' });
    try {
      const terminal = await putTerminalCamera(terminalId, cameraId);
      if (this.registry) this.registry = RegistryNames.withTerminal(this.registry, terminal);
      this.saves.set(terminalId, { state: 'saved' });
      return true;
    } catch (error) {
      this.saves.set(terminalId, { state: 'error', message: describeApiError(error) });
      return false;
    }
  }

  async loadUnmapped(before: string | null = null): Promise<void> {
    this.#unmappedAbort?.abort();
    const abort = new AbortController();
    this.#unmappedAbort = abort;
    this.unmappedPhase = 'loading';
    const query: Record<string, string> = { limit: String(UNMAPPED_PAGE), ...(before ? { before } : {}) };
    try {
      const page = await fetchUnmappedSwipes(query, abort.signal);
      // "More" appends the older page; a first load replaces.
      this.unmapped =
        before && this.unmapped
          ? { items: [...this.unmapped.items, ...page.items], nextBefore: page.nextBefore }
          : page;
      this.unmappedPhase = 'ready';
      this.unmappedError = null;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.unmappedPhase = 'error';
      this.unmappedError = describeApiError(error);
    }
  }

  stop(): void {
    this.#unmappedAbort?.abort();
  }
}
