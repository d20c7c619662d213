/** The alarm panel's per-browser switches (localStorage): sound muted, panel open. */
const MUTED = 'clinicwall.alarmSoundMuted';
const PANEL = 'clinicwall.alarmPanelOpen';

type Reader = Pick<Storage, 'getItem'>;
type Writer = Pick<Storage, 'setItem' | 'removeItem'>;

function readFlag(key: string, storage: Reader | null): boolean {
  try {
    return storage?.getItem(key) === '1';
  } catch {
    return false;
  }
}

function saveFlag(key: string, on: boolean, storage: Writer | null): void {
  try {
    if (on) storage?.setItem(key, '1');
    else storage?.removeItem(key);
  } catch {
    /* storage disabled: the choice lasts for this page only */
  }
}

export const readMuted = (storage: Reader | null = localStore()): boolean => readFlag(MUTED, storage);
export const saveMuted = (muted: boolean, storage: Writer | null = localStore()): void =>
  saveFlag(MUTED, muted, storage);
export const readPanelOpen = (storage: Reader | null = localStore()): boolean => readFlag(PANEL, storage);
export const savePanelOpen = (open: boolean, storage: Writer | null = localStore()): void =>
  saveFlag(PANEL, open, storage);

function localStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
