import type { Locale } from '../i18n/types.ts';
import type { WallCamera } from '../wall/cameras.ts';

export interface ClinicGroup {
  clinicId: string;
  clinicName: string;
  cameras: WallCamera[];
}

/** The cameras by clinic, in registry order (clinics in order of their first camera), named in the locale. */
export function clinicGroups(cameras: readonly WallCamera[], locale: Locale): ClinicGroup[] {
  const groups = new Map<string, ClinicGroup>();
  for (const cam of cameras) {
    let g = groups.get(cam.clinicId);
    if (!g) {
      g = { clinicId: cam.clinicId, clinicName: locale === 'en' ? cam.clinicNameEn : cam.clinicName, cameras: [] };
      groups.set(cam.clinicId, g);
    }
    g.cameras.push(cam);
  }
  return [...groups.values()];
}
