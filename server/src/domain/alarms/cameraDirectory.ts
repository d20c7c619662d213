import type { RegistrySnapshot } from '@clinicwall/contract';

/** Where a camera belongs: enough for alarms, reports and the ledger to scope and escalate. */
export interface CameraPlace {
  cameraId: string;
  clinicId: string;
  regionId: string;
}

/** Read port over the registry (sync: the registry is an in-memory snapshot). */
export interface CameraDirectory {
  camera(cameraId: string): CameraPlace | null;
  /** The region of a clinic, null when the clinic is unknown. */
  clinicRegion(clinicId: string): string | null;
}

interface Index {
  cameras: Map<string, CameraPlace>;
  clinics: Map<string, string>;
}

/**
 * A directory over the registry's current snapshot, read on every lookup so a reloaded registry
 * shows at once; each snapshot is indexed once.
 */
export function directoryFromSnapshot(snapshot: () => RegistrySnapshot): CameraDirectory {
  const indexes = new WeakMap<RegistrySnapshot, Index>();
  const index = (): Index => {
    const snap = snapshot();
    let ix = indexes.get(snap);
    if (!ix) {
      const clinics = new Map(snap.clinics.map((c) => [c.id, c.regionId]));
      const cameras = new Map<string, CameraPlace>();
      for (const cam of snap.cameras) {
        const regionId = clinics.get(cam.clinicId);
        if (regionId) cameras.set(cam.id, { cameraId: cam.id, clinicId: cam.clinicId, regionId });
      }
      indexes.set(snap, (ix = { cameras, clinics }));
    }
    return ix;
  };
  return {
    camera: (cameraId) => index().cameras.get(cameraId) ?? null,
    clinicRegion: (clinicId) => index().clinics.get(clinicId) ?? null,
  };
}
